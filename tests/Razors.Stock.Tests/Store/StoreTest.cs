using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Razors.Messaging;
using Razors.Stock.Aws;
using Razors.Stock.Features;
using Razors.Stock.Features.AllocateStock;
using Razors.Stock.Features.DeallocateStock;
using Razors.Stock.Ports;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Stock.Tests.Store;

/// <summary>A fresh stock table in DynamoDB Local per test, with the real handlers over it.</summary>
public abstract class StoreTest(DynamoDbLocalFixture dynamo) : IAsyncLifetime
{
    protected DynamoDbStockStore Store { get; private set; } = null!;

    protected DynamoDbLocalFixture Dynamo => dynamo;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var table = await dynamo.CreateTableAsync(StockTopology.Table, Ct);
        Store = new DynamoDbStockStore(dynamo.Client, table.Name);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await dynamo.Client.DeleteTableAsync(Store.TableName, CancellationToken.None);
    }

    // The system clock: lost races pause for real before they try again.
    private static Version7IdGenerator Ids => new();

    protected SubscriptionCreatedHandler CreatedHandler() => new(Store, Ids, ConflictRetry.Default, TimeProvider.System);

    protected SubscriptionCancelledHandler CancelledHandler() =>
        new(new StockDeallocation(Store, Ids, ConflictRetry.Default, TimeProvider.System));

    protected PaymentCancelledHandler PaymentCancelledHandler() =>
        new(new StockDeallocation(Store, Ids, ConflictRetry.Default, TimeProvider.System));

    protected async Task<int> UnitsOfAsync(string productId) => (await Store.GetProductAsync(productId, Ct))!.UnitsOnHand;

    /// <summary>Gives the product these units, adding it if it is missing.</summary>
    protected async Task StockAsync(string productId, int units)
    {
        var current = await Store.GetProductAsync(productId, Ct);
        var write = current is null
            ? await Store.AddProductAsync(productId, units, Ct)
            : await Store.SetUnitsOnHandAsync(productId, units, current.Version, Ct);
        Assert.IsType<ProductWrite.Written>(write);
    }

    protected Task<List<Dictionary<string, AttributeValue>>> ScanAsync() => TableContents.ScanAsync(dynamo.Client, Store.TableName, Ct);

    /// <summary>The envelopes in the outbox, in no particular order.</summary>
    protected async Task<List<JsonObject>> OutboxAsync() =>
        (await ScanAsync()).OfKind("outbox").Select(i => JsonNode.Parse(i["detail"].S)!.AsObject()).ToList();
}
