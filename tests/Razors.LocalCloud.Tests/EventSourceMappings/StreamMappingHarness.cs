using Microsoft.Extensions.Time.Testing;
using Razors.Lambda.Events;
using Razors.LocalCloud.EventSourceMappings;
using Razors.LocalCloud.Storage;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.EventSourceMappings;

/// <summary>A mapping over <see cref="FakeStreams"/> with an in-memory checkpoint database and no backoff.</summary>
internal sealed class StreamMappingHarness : IDisposable
{
    private readonly LocalCloudDatabase database = LocalCloudDatabase.Open(dataDirectory: null);

    public StreamMappingHarness(
        StreamMappingDefinition definition,
        Func<IReadOnlyList<string>, StreamsEventResponse>? handler = null,
        StreamMappingOptions? options = null)
    {
        Streams.AddShard("shard-1");
        Function = new RecordingFunction(handler);
        Mapping = new DynamoDbStreamEventSourceMapping(
            definition,
            Streams,
            Function,
            Queues,
            new DynamoDbStreamCheckpointStore(database),
            Time,
            options ?? new StreamMappingOptions { RetryBackoff = TimeSpan.Zero });
    }

    public static StreamMappingDefinition Definition => new("handler", "orders", "handler-failures");

    public FakeStreams Streams { get; } = new();

    public RecordingFunction Function { get; }

    public RecordingQueues Queues { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public DynamoDbStreamEventSourceMapping Mapping { get; }

    /// <summary>Polls until the mapping is idle (bounded, so a bug cannot hang the test run).</summary>
    public async Task DrainAsync()
    {
        for (var poll = 0; poll < 200; poll++)
        {
            await Mapping.PollOnceAsync(TestContext.Current.CancellationToken);
            if (Mapping.IsIdle)
            {
                return;
            }
        }

        throw new InvalidOperationException("The mapping did not become idle within 200 polls.");
    }

    public static StreamsEventResponse Fail(params string[] sequenceNumbers) => new()
    {
        BatchItemFailures = sequenceNumbers.Select(s => new StreamsEventResponse.BatchItemFailure { ItemIdentifier = s }).ToList(),
    };

    public void Dispose() => database.Dispose();
}
