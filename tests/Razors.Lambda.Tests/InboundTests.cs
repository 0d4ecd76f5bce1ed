using Microsoft.Extensions.DependencyInjection;
using Razors.Contracts;
using Razors.Stock;
using Razors.Stock.Domain;
using Razors.Stock.Lambda;
using Razors.Stock.Ports;
using Razors.Testing;
using Razors.Topology;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests.Inbound;

/// <summary>The stock service's inbound entry fed an SQS batch, handling it over a DynamoDB Local table.</summary>
public sealed class when_an_sqs_batch_reaches_the_stock_inbound_entry(DynamoDbLocalFixture dynamo) : IAsyncLifetime
{
    private LambdaFunctionHost? host;

    private LambdaFunctionHost Host => host ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var table = await dynamo.CreateTableAsync(StockTopology.Table, Ct);
        host = StockFunctionHosts.Inbound(Settings((CloudSettings.StockTable, table.Name)), services => services.AddSingleton(dynamo.Client));
        await Host.Services.SeedStockCatalogueAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    private static SubscriptionCreated Created(Guid subscriptionId, int unitsPerMonth = 1) => new()
    {
        SubscriptionId = subscriptionId,
        CustomerId = "customer-1",
        ProductId = "razor-classic",
        UnitsPerMonth = unitsPerMonth,
        Months = 12,
        MonthlyPrice = 9.99m,
        Currency = "GBP",
    };

    [Fact]
    public async Task each_event_is_handled_and_only_the_ones_that_fail_come_back_as_batch_item_failures()
    {
        var (allocated, invalid) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var unhandled = new SubscriptionActivated { SubscriptionId = allocated, PaymentId = Guid.CreateVersion7() };

        var response = await InvokeAsync(LambdaEntries.SqsAsync, Host, SqsEvent(
            ("m1", BusEvent(Record(Created(allocated), "corr-1")), null),
            ("m2", BusEvent(Record(Created(invalid, unitsPerMonth: 0), "corr-2")), null),
            ("m3", BusEvent(Record(unhandled, "corr-3")), null),
            ("m4", "not json", null)));

        Assert.Equal(["m2", "m3", "m4"], response["batchItemFailures"]!.AsArray().Select(f => f!["itemIdentifier"].Text()));
        var store = Host.Services.GetRequiredService<IStockStore>();
        Assert.Equal(AllocationStatus.Allocated, (await store.GetAllocationAsync(allocated, Ct))!.Status);
        Assert.Null(await store.GetAllocationAsync(invalid, Ct));
    }
}
