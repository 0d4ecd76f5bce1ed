using Microsoft.Extensions.DependencyInjection;
using Razors.Payments.Sqlite;
using Razors.Payments.Ports;

namespace Razors.Payments.Tests.Sqlite;

public sealed class when_the_embedded_store_is_composed
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_store_change_log_and_resume_tokens_share_one_database()
    {
        await using var provider = new ServiceCollection().AddPaymentsSqlite(dataDirectory: null).BuildServiceProvider();
        var store = provider.GetRequiredService<IPaymentStore>();
        var changes = provider.GetRequiredService<IOutboxChanges>();
        var tokens = provider.GetRequiredService<IResumeTokenStore>();
        var creation = Samples.Creation(Samples.Payment());

        await store.SaveAsync(creation, Ct);
        var change = (await Watcher.TakeAsync(changes, 1, null, Ct)).Single();
        await tokens.SaveAsync("relay", change.ResumeToken, Ct);

        Assert.IsType<SqlitePaymentStore>(store);
        Assert.IsType<SqlitePendingOutbox>(provider.GetRequiredService<IPendingOutbox>());
        Assert.Equal(creation.Outbox.Single(), change.Document.Record);
        Assert.Equal(change.ResumeToken, await provider.GetRequiredService<IResumeTokenStore>().LoadAsync("relay", Ct));
    }
}
