using Microsoft.Extensions.DependencyInjection;
using Razors.Payments.Mongo;
using Razors.Payments.Ports;

namespace Razors.Payments.Tests.Mongo;

public sealed class when_the_mongo_store_is_composed
{
    [Fact]
    public async Task the_port_resolves_to_the_mongo_adapters_without_connecting()
    {
        // The driver connects lazily; nothing listens on port 1, and nothing here needs it to.
        await using var provider = new ServiceCollection().AddPaymentsMongo("mongodb://127.0.0.1:1/?replicaSet=rs0", "payments").BuildServiceProvider();

        Assert.IsType<MongoPaymentStore>(provider.GetRequiredService<IPaymentStore>());
        Assert.IsType<MongoOutboxChanges>(provider.GetRequiredService<IOutboxChanges>());
        Assert.IsType<MongoPendingOutbox>(provider.GetRequiredService<IPendingOutbox>());
        Assert.IsType<MongoResumeTokenStore>(provider.GetRequiredService<IResumeTokenStore>());
        Assert.Equal("payments", provider.GetRequiredService<MongoPaymentsDatabase>().Database.DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public void a_missing_connection_string_fails_at_composition()
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddPaymentsMongo(" ", "payments"));
    }
}
