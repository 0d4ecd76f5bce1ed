using Amazon.DynamoDBv2.Model;
using Razors.Insights.Aws;
using Razors.Insights.Features;
using Razors.Insights.Features.CountSubscriptions;
using Razors.Insights.Tests.Unit;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Insights.Tests.Store;

/// <summary>A fresh insights table (with its board-score index) in DynamoDB Local per test, with the real handlers over it.</summary>
public abstract class StoreTest(DynamoDbLocalFixture dynamo) : IAsyncLifetime
{
    protected DynamoDbInsightsStore Store { get; private set; } = null!;

    protected DynamoDbLocalFixture Dynamo => dynamo;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var table = await dynamo.CreateTableAsync(InsightsTopology.Table, Ct);
        Store = new DynamoDbInsightsStore(dynamo.Client, table.Name);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await dynamo.Client.DeleteTableAsync(Store.TableName, CancellationToken.None);
    }

    /// <summary>
    /// Retries that a loaded machine cannot use up, for the tests that race many writers on one
    /// entry: what they check is that every point counts, not how fast the races settle.
    /// </summary>
    protected static readonly ConflictRetry Patient = ConflictRetry.Default with { MaxAttempts = 1000, MaxTotalPause = TimeSpan.FromMinutes(2) };

    // The system clock: lost races pause for real before they try again.
    internal Handlers Handlers(ConflictRetry? retry = null)
    {
        var counting = new SubscriptionCounting(Store, retry ?? ConflictRetry.Default, TimeProvider.System);
        return new(new(counting), new(counting), new(counting));
    }

    protected async Task<List<Dictionary<string, AttributeValue>>> ScanAsync()
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.Client.ScanAsync(new ScanRequest { TableName = Store.TableName, ConsistentRead = true, ExclusiveStartKey = start }, Ct);
            items.AddRange(page.Items);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }

    protected async Task<IEnumerable<Dictionary<string, AttributeValue>>> OfKindAsync(string kind) =>
        (await ScanAsync()).Where(i => i[TableAttributes.Kind].S == kind);

    /// <summary>The entry's score as stored (read consistently, not through the index); 0 when there is none.</summary>
    protected async Task<long> ScoreAsync(string board, string productId)
    {
        var response = await dynamo.Client.GetItemAsync(new GetItemRequest
        {
            TableName = Store.TableName,
            Key = new()
            {
                [TableAttributes.PartitionKey] = new() { S = $"ENTRY#{board}#{productId}" },
                [TableAttributes.SortKey] = new() { S = "ENTRY" },
            },
            ConsistentRead = true,
        }, Ct);
        return response.IsItemSet ? long.Parse(response.Item["score"].N, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
