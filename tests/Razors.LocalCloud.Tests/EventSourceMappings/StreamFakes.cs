using System.Globalization;
using Razors.Aws.DynamoDBStreams;
using Razors.LocalCloud.Queues;
using Razors.Lambda.Events;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.EventSourceMappings;

/// <summary>One stream with shards the test controls; iterators are "shard/position".</summary>
internal sealed class FakeStreams : IAmazonDynamoDBStreams
{
    public const string StreamArn = "arn:aws:dynamodb:ddblocal:000000000000:table/orders/stream/2026-01-01T00:00:00.000";
    private readonly List<(string Id, string? Parent, List<DynamodbStreamRecord> Records, bool Closed)> shardList = [];
    private long nextSequence = 100;

    public List<string> IteratorRequests { get; } = [];

    /// <summary>The error code the next GetRecords fails with (ExpiredIteratorException, TrimmedDataAccessException), if any.</summary>
    public string? NextGetRecordsError { get; set; }

    public void AddShard(string id, string? parent = null) => shardList.Add((id, parent, [], false));

    public void CloseShard(string id)
    {
        var index = shardList.FindIndex(s => s.Id == id);
        shardList[index] = shardList[index] with { Closed = true };
    }

    /// <summary>Appends INSERT records with NewImage {pk, kind} and increasing sequence numbers.</summary>
    public List<string> Write(string shardId, params string[] keys)
    {
        var shard = shardList.Single(s => s.Id == shardId);
        var written = new List<string>();
        foreach (var key in keys)
        {
            var sequence = (nextSequence++).ToString("D21", CultureInfo.InvariantCulture);
            shard.Records.Add(new DynamodbStreamRecord
            {
                EventID = $"event-{key}",
                EventName = "INSERT",
                Dynamodb = new StreamRecord
                {
                    SequenceNumber = sequence,
                    ApproximateCreationDateTime = 1_790_000_000,
                    Keys = new() { ["pk"] = new AttributeValue { S = key } },
                    NewImage = new()
                    {
                        ["pk"] = new AttributeValue { S = key },
                        ["kind"] = new AttributeValue { S = key.StartsWith("state", StringComparison.Ordinal) ? "state" : "outbox" },
                    },
                },
            });
            written.Add(sequence);
        }

        return written;
    }

    public Task<ListStreamsResponse> ListStreamsAsync(ListStreamsRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ListStreamsResponse { Streams = [new StreamSummary { StreamArn = StreamArn, TableName = request.TableName }] });

    public Task<DescribeStreamResponse> DescribeStreamAsync(DescribeStreamRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new DescribeStreamResponse
        {
            StreamDescription = new StreamDescription
            {
                StreamArn = StreamArn,
                StreamStatus = "ENABLED",
                Shards = shardList.Select(s => new Shard
                {
                    ShardId = s.Id,
                    ParentShardId = s.Parent,
                    SequenceNumberRange = new SequenceNumberRange { EndingSequenceNumber = s.Closed ? "x" : null },
                }).ToList(),
            },
        });

    public Task<GetShardIteratorResponse> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken = default)
    {
        IteratorRequests.Add($"{request.ShardId}:{request.ShardIteratorType}:{request.SequenceNumber}");
        var records = shardList.Single(s => s.Id == request.ShardId).Records;
        var position = request.ShardIteratorType switch
        {
            ShardIteratorType.TrimHorizon => 0,
            ShardIteratorType.Latest => records.Count,
            ShardIteratorType.AfterSequenceNumber => records.FindIndex(r => r.Dynamodb!.SequenceNumber == request.SequenceNumber) + 1,
            _ => throw new NotSupportedException(request.ShardIteratorType),
        };
        return Task.FromResult(new GetShardIteratorResponse { ShardIterator = $"{request.ShardId}/{position}" });
    }

    public Task<GetRecordsResponse> GetRecordsAsync(GetRecordsRequest request, CancellationToken cancellationToken = default)
    {
        if (NextGetRecordsError is { } error)
        {
            NextGetRecordsError = null;
            throw new AmazonDynamoDBStreamsException(error, "The iterator cannot be used", 400);
        }

        var parts = request.ShardIterator!.Split('/');
        var shard = shardList.Single(s => s.Id == parts[0]);
        var position = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var page = shard.Records.Skip(position).Take(request.Limit ?? 1000).ToList();
        var next = position + page.Count;
        var exhausted = shard.Closed && next == shard.Records.Count;
        return Task.FromResult(new GetRecordsResponse
        {
            Records = page,
            NextShardIterator = exhausted ? null : $"{shard.Id}/{next}",
        });
    }
}

/// <summary>Records every batch and answers with what the test's handler decides.</summary>
internal sealed class RecordingFunction(Func<IReadOnlyList<string>, StreamsEventResponse>? handler = null) : IDynamoDbStreamFunction
{
    public List<IReadOnlyList<string>> Batches { get; } = [];

    /// <summary>Keys of records delivered in batches that did not fail.</summary>
    public List<string> Succeeded { get; } = [];

    public Task<StreamsEventResponse> HandleAsync(DynamoDBEvent batch, CancellationToken cancellationToken)
    {
        var keys = batch.Records.Select(r => r.Dynamodb!.Keys!["pk"].S!).ToList();
        Batches.Add(keys);
        var response = handler?.Invoke(keys) ?? new StreamsEventResponse();
        if (response.BatchItemFailures.Count == 0)
        {
            Succeeded.AddRange(keys);
        }

        return Task.FromResult(response);
    }
}

/// <summary>Captures on-failure sends; a mapping needs nothing else from the queues.</summary>
internal sealed class RecordingQueues : IQueueService
{
    public List<(string Queue, OutgoingMessage Message)> Sent { get; } = [];

    public SendResult SendMessage(string queueName, OutgoingMessage message)
    {
        Sent.Add((queueName, message));
        return new SendResult($"m-{Sent.Count}", null, Duplicate: false);
    }

    public event Action<string>? MessageAvailable { add { } remove { } }

    public void CreateQueue(QueueDefinition definition) => throw new NotSupportedException();

    public string GetQueueArn(string queueName) => $"arn:aws:sqs:local:000000000000:{queueName}";
    public IReadOnlyList<string> ListQueues() => throw new NotSupportedException();
    public IReadOnlyList<ReceivedMessage> ReceiveMessages(string queueName, int maxMessages, TimeSpan? visibilityTimeout = null) => throw new NotSupportedException();
    public void DeleteMessage(string queueName, string receiptHandle) => throw new NotSupportedException();
    public void ChangeMessageVisibility(string queueName, string receiptHandle, TimeSpan visibilityTimeout) => throw new NotSupportedException();
    public QueueStats GetStats(string queueName) => throw new NotSupportedException();
    public IReadOnlyList<PeekedMessage> Peek(string queueName, int maxMessages) => throw new NotSupportedException();
    public int MoveMessages(string sourceDeadLetterQueue, string? destinationQueue = null) => throw new NotSupportedException();

    public int ReleaseInFlight(string queueName) => throw new NotSupportedException();
}
