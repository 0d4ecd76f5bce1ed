using Amazon.DynamoDBv2.Model;
using Razors.LocalCloud.EventSourceMappings;
using Razors.LocalCloud.Storage;
using Razors.Testing;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.EventSourceMappings;

public sealed class when_a_mapping_reads_a_dynamodb_local_stream(DynamoDbLocalFixture dynamo)
{
    private static readonly TableDefinition Orders = new("orders", "tests", "pk", "sk") { StreamViewType = "NEW_IMAGE" };

    [Fact]
    public async Task matching_writes_reach_the_function_in_commit_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = await dynamo.CreateTableAsync(Orders, ct);
        var definition = new StreamMappingDefinition("relay", table.Name, "relay-failures")
        {
            BatchSize = 2,
            FilterPattern = """{"eventName":["INSERT"],"dynamodb":{"NewImage":{"kind":{"S":["outbox"]}}}}""",
        };
        using var database = LocalCloudDatabase.Open(dataDirectory: null);
        var function = new RecordingFunction();
        var mapping = new DynamoDbStreamEventSourceMapping(
            definition, dynamo.StreamsClient, function, new RecordingQueues(), new DynamoDbStreamCheckpointStore(database), TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = mapping.RunAsync(stop.Token);

        await Put(table.Name, "1", "outbox", ct);
        await Put(table.Name, "state-1", "state", ct);
        await dynamo.Client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = table.Name, Item = Item("state-2", "state") } },
                new TransactWriteItem { Put = new Put { TableName = table.Name, Item = Item("2", "outbox") } },
            ],
        }, ct);
        await Put(table.Name, "3", "outbox", ct);

        await Eventually.TrueAsync(() => Task.FromResult(function.Succeeded.Count >= 3), TimeSpan.FromSeconds(20), "three outbox records delivered", ct);
        await stop.CancelAsync();
        await running;

        Assert.Equal(["1", "2", "3"], function.Succeeded);
    }

    private Task<PutItemResponse> Put(string tableName, string key, string kind, CancellationToken ct) =>
        dynamo.Client.PutItemAsync(tableName, Item(key, kind), ct);

    private static Dictionary<string, AttributeValue> Item(string key, string kind) =>
        new() { ["pk"] = new(key), ["sk"] = new("item"), ["kind"] = new(kind) };
}

public sealed class when_the_host_restarts_with_a_checkpoint(DynamoDbLocalFixture dynamo) : IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("razors-checkpoints-").FullName;

    [Fact]
    public async Task it_resumes_after_the_last_processed_record_and_repeats_none()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = await dynamo.CreateTableAsync(new TableDefinition("resume", "tests", "pk", "sk") { StreamViewType = "NEW_IMAGE" }, ct);
        var definition = new StreamMappingDefinition("handler", table.Name, "handler-failures");
        await Put(table.Name, "a", ct);
        await Put(table.Name, "b", ct);

        var before = new RecordingFunction();
        await RunUntilDeliveredAsync(definition, before, expected: 2, ct);
        await Put(table.Name, "c", ct);
        await Put(table.Name, "d", ct);
        var after = new RecordingFunction();
        await RunUntilDeliveredAsync(definition, after, expected: 2, ct);

        Assert.Equal(["a", "b"], before.Succeeded);
        Assert.Equal(["c", "d"], after.Succeeded);
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    /// <summary>A fresh "host": its own database connection over the same file, and a new mapping.</summary>
    private async Task RunUntilDeliveredAsync(StreamMappingDefinition definition, RecordingFunction function, int expected, CancellationToken ct)
    {
        using var database = LocalCloudDatabase.Open(dataDirectory);
        var mapping = new DynamoDbStreamEventSourceMapping(
            definition, dynamo.StreamsClient, function, new RecordingQueues(), new DynamoDbStreamCheckpointStore(database), TimeProvider.System);
        await Eventually.TrueAsync(async () =>
        {
            await mapping.PollOnceAsync(ct);
            return function.Succeeded.Count >= expected;
        }, TimeSpan.FromSeconds(20), $"{expected} records delivered", ct);

        // Nothing more arrives from a stream that has nothing more: a repeat would show here.
        await mapping.PollOnceAsync(ct);
        Assert.True(mapping.IsIdle);
    }

    private Task<PutItemResponse> Put(string tableName, string key, CancellationToken ct) =>
        dynamo.Client.PutItemAsync(tableName, new() { ["pk"] = new(key), ["sk"] = new("item") }, ct);
}
