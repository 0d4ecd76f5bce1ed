using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Razors.Aws.DynamoDb;
using Razors.Contracts;
using Razors.Messaging;
using Razors.Stock;
using Razors.Stock.Domain;
using Razors.Stock.Lambda;
using Razors.Stock.Ports;
using Razors.Testing;
using Razors.Topology;
using static Razors.Lambda.Tests.Invocations;
using DynamoValue = Amazon.DynamoDBv2.Model.AttributeValue;

namespace Razors.Lambda.Tests.Compliance;

/// <summary>The stock service's inbound function (<see cref="Messaging.Consumers.EventQueueFunction"/>) over a DynamoDB Local table.</summary>
public abstract class when_the_stock_inbound_gets_a_batch_of_good_and_bad_events(BatchPath path, DynamoDbLocalFixture dynamo) : IAsyncLifetime
{
    private const string Product = "razor-classic";

    private readonly RecordingDeadLetters deadLetters = new();
    private LambdaFunctionHost? host;
    private string table = "";

    private LambdaFunctionHost Host => host ?? throw new InvalidOperationException("Not started.");

    private IStockStore Store => Host.Services.GetRequiredService<IStockStore>();

    public async ValueTask InitializeAsync()
    {
        table = (await dynamo.CreateTableAsync(StockTopology.Table, Ct)).Name;
        host = StockFunctionHosts.Inbound(
            InboundSettings((CloudSettings.StockTable, table)),
            services => services.AddSingleton(dynamo.Client).AddSingleton<IDeadLetterQueue>(deadLetters));
        await Host.Services.SeedStockCatalogueAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    private static SubscriptionCreated Created(Guid subscriptionId, int unitsPerMonth) => new()
    {
        SubscriptionId = subscriptionId,
        CustomerId = "customer-1",
        ProductId = Product,
        UnitsPerMonth = unitsPerMonth,
        Months = 12,
        MonthlyPrice = 9.99m,
        Currency = "GBP",
    };

    /// <summary>The detail-types of the outbox items in the table, in no particular order.</summary>
    private async Task<string[]> OutboxDetailTypesAsync()
    {
        var response = await dynamo.Client.ScanAsync(new ScanRequest
        {
            TableName = table,
            ConsistentRead = true,
            FilterExpression = "#kind = :outbox",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#kind"] = OutboxItem.Kind },
            ExpressionAttributeValues = new Dictionary<string, DynamoValue> { [":outbox"] = new() { S = OutboxItem.KindValue } },
        }, Ct);
        return [.. response.Items.Select(i => i[OutboxItem.DetailType].S)];
    }

    [Fact]
    public async Task the_failing_one_is_reported_the_poison_ones_go_to_the_dlq_with_reasons_and_the_good_one_is_allocated_once()
    {
        var (allocated, invalid) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var good = BusEvent(Record(Created(allocated, unitsPerMonth: 2), "corr-1"));
        var unhandled = BusEvent(Record(new SubscriptionActivated { SubscriptionId = allocated, PaymentId = Guid.CreateVersion7() }, "corr-3"));
        var unitsBefore = (await Store.GetProductAsync(Product, Ct))!.UnitsOnHand;

        var failures = await path.DeliverAsync(Host, SqsBatch(
            ("m1", good, null),
            ("m2", BusEvent(Record(Created(invalid, unitsPerMonth: 0), "corr-2")), null),
            ("m3", unhandled, null),
            ("m4", "not json", null)));

        Assert.Equal(["m2"], failures);
        Assert.Equal(
            [
                (unhandled, "No handler for detail-type 'SubscriptionActivated'."),
                ("not json", "The message body is not an EventBridge event (a JSON object)."),
            ],
            deadLetters.Letters.Select(l => (l.Body, l.Reason)));
        var allocation = await Store.GetAllocationAsync(allocated, Ct);
        Assert.Equal((AllocationStatus.Allocated, Product, 24), (allocation!.Status, allocation.ProductId, allocation.Units));
        Assert.Null(await Store.GetAllocationAsync(invalid, Ct));
        Assert.Equal(unitsBefore - 24, (await Store.GetProductAsync(Product, Ct))!.UnitsOnHand);
        Assert.Equal([EventTypes.StockAllocated.DetailType], await OutboxDetailTypesAsync());

        var redelivered = await path.DeliverAsync(Host, SqsBatch(("m1", good, null)));

        Assert.Empty(redelivered);
        Assert.Equal(allocation, await Store.GetAllocationAsync(allocated, Ct));
        Assert.Equal(unitsBefore - 24, (await Store.GetProductAsync(Product, Ct))!.UnitsOnHand);
        Assert.Equal([EventTypes.StockAllocated.DetailType], await OutboxDetailTypesAsync());
    }

    public sealed class in_process(DynamoDbLocalFixture dynamo)
        : when_the_stock_inbound_gets_a_batch_of_good_and_bad_events(BatchPath.InProcess, dynamo);

    public sealed class through_the_lambda_entry(DynamoDbLocalFixture dynamo)
        : when_the_stock_inbound_gets_a_batch_of_good_and_bad_events(BatchPath.ThroughTheLambdaEntry, dynamo);
}
