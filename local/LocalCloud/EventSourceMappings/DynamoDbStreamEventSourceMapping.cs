using System.Text.Json;
using Microsoft.Extensions.Logging;
using Razors.Aws.DynamoDBStreams;
using Razors.LocalCloud.Patterns;
using Razors.LocalCloud.Queues;
using Razors.Lambda.Events;
using Razors.Topology;

namespace Razors.LocalCloud.EventSourceMappings;

/// <summary>
/// A Lambda event-source mapping from a table's DynamoDB stream to a function, with Lambda's
/// semantics (docs/aws-semantics.md §8): batches in shard order, parents before children, filter
/// criteria, retries that block the shard, bisect on error, partial batch responses, record age
/// and retry limits, and an invocation record on the on-failure queue for what is discarded.
/// Progress is checkpointed per shard, so a restarted host resumes after the last record done.
/// </summary>
public sealed partial class DynamoDbStreamEventSourceMapping
{
    // GetRecords returns at most 1,000 records per call.
    private const int MaxGetRecordsLimit = 1000;

    private readonly StreamMappingDefinition definition;
    private readonly IAmazonDynamoDBStreams streams;
    private readonly IDynamoDbStreamFunction function;
    private readonly IQueueService queues;
    private readonly DynamoDbStreamCheckpointStore checkpoints;
    private readonly TimeProvider time;
    private readonly StreamMappingOptions options;
    private readonly ILogger logger;
    private readonly EventPattern? filter;
    private readonly Dictionary<string, StreamShard> shards = new(StringComparer.Ordinal);
    private string? streamArn;
    private volatile bool idle;
    private long completedPolls;

    public DynamoDbStreamEventSourceMapping(
        StreamMappingDefinition definition,
        IAmazonDynamoDBStreams streams,
        IDynamoDbStreamFunction function,
        IQueueService queues,
        DynamoDbStreamCheckpointStore checkpoints,
        TimeProvider time,
        StreamMappingOptions? options = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        this.definition = definition;
        this.streams = streams;
        this.function = function;
        this.queues = queues;
        this.checkpoints = checkpoints;
        this.time = time;
        this.options = options ?? new StreamMappingOptions();
        this.logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        filter = definition.FilterPattern is null ? null : EventPattern.Parse(definition.FilterPattern);
        MappingId = $"{definition.Function}:{definition.Table}";
        FunctionArn = new LocalArns(this.options.Region, this.options.AccountId).Function(definition.Function);
    }

    /// <summary>The key of this mapping's checkpoints.</summary>
    public string MappingId { get; }

    public string FunctionArn { get; }

    /// <summary>The message attribute that carries the last error of a discarded batch.</summary>
    public const string ErrorMessageAttribute = "ERROR_MESSAGE";

    /// <summary>
    /// True when the last poll settled nothing and no read record is waiting or being retried.
    /// Safe to read from another thread than the one polling.
    /// </summary>
    public bool IsIdle => idle;

    /// <summary>Completed polls; a "wait until idle" helper waits for one that started after its last write.</summary>
    public long CompletedPolls => Interlocked.Read(ref completedPolls);

    /// <summary>
    /// One pass over the eligible shards: reads new records if a shard has none waiting, and
    /// delivers (or retries, splits or discards) at most one batch per shard. Returns how many
    /// records it settled (delivered, filtered out or discarded).
    /// </summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        // Idle stays what the last poll found until this one ends: a poll that finds nothing does
        // not make the mapping busy, so many mappings polling at once are all idle together. A
        // caller that must see a commit delivered waits for polls that started after it (CompletedPolls).
        await RefreshShardsAsync(cancellationToken);
        var settled = 0;
        foreach (var shard in shards.Values.Where(IsEligible).ToList())
        {
            settled += await PollShardAsync(shard, cancellationToken);
        }

        idle = settled == 0 && shards.Values.All(s => !s.HasWork);
        Interlocked.Increment(ref completedPolls);
        return settled;
    }

    /// <summary>Polls until cancelled; pauses when idle or in backoff, so it never spins.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        new PollerLoop($"stream mapping {MappingId}", time, logger, options.IdlePollInterval, options.ErrorBackoff) { MaxIdleInterval = options.MaxIdlePollInterval }
            .RunAsync(async ct => await PollOnceAsync(ct) > 0, cancellationToken);

    private bool IsEligible(StreamShard shard) =>
        !shard.Finished
        && (shard.ParentShardId is null
            || !shards.TryGetValue(shard.ParentShardId, out var parent)
            || parent.Finished);

    private async Task<int> PollShardAsync(StreamShard shard, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() < shard.NotBefore)
        {
            return 0;
        }

        if (!shard.HasWork && !shard.EndOfShard)
        {
            await ReadAsync(shard, cancellationToken);
        }

        var settled = 0;
        if (shard.Batches.Count == 0)
        {
            settled += TakeBatch(shard);
        }

        if (shard.Batches.Count > 0)
        {
            settled += await DeliverFrontBatchAsync(shard, cancellationToken);
        }

        if (shard.EndOfShard && !shard.HasWork)
        {
            checkpoints.MarkFinished(MappingId, shard.ShardId, shard.Checkpoint, time.GetUtcNow());
            shard.Finished = true;
        }

        return settled;
    }

    private async Task ReadAsync(StreamShard shard, CancellationToken cancellationToken)
    {
        shard.Iterator ??= await AcquireIteratorAsync(shard, cancellationToken);
        GetRecordsResponse page;
        try
        {
            page = await GetRecordsAsync(shard, cancellationToken);
        }
        catch (AmazonDynamoDBStreamsException e) when (e.ErrorCode is "ExpiredIteratorException" or "TrimmedDataAccessException")
        {
            // Iterators live 15 minutes. DynamoDB Local also answers TrimmedDataAccessException for
            // an iterator taken while the shard was still empty (aws/aws-sdk-java#2923), though
            // nothing was trimmed. Nothing is buffered when we read, so resuming from the
            // checkpoint neither skips nor repeats a record.
            shard.Iterator = await AcquireIteratorAsync(shard, cancellationToken);
            page = await GetRecordsAsync(shard, cancellationToken);
        }

        var now = time.GetUtcNow();
        foreach (var record in page.Records)
        {
            record.EventSourceArn ??= streamArn;
            shard.Buffer.Add(new PendingRecord(record, now));
        }

        shard.Iterator = page.NextShardIterator;
        shard.EndOfShard = page.NextShardIterator is null;
    }

    private Task<GetRecordsResponse> GetRecordsAsync(StreamShard shard, CancellationToken cancellationToken) =>
        streams.GetRecordsAsync(
            new GetRecordsRequest { ShardIterator = shard.Iterator, Limit = Math.Min(definition.BatchSize, MaxGetRecordsLimit) },
            cancellationToken);

    private async Task<string?> AcquireIteratorAsync(StreamShard shard, CancellationToken cancellationToken)
    {
        var request = new GetShardIteratorRequest { StreamArn = streamArn, ShardId = shard.ShardId };
        if (shard.Checkpoint is not null)
        {
            request.ShardIteratorType = ShardIteratorType.AfterSequenceNumber;
            request.SequenceNumber = shard.Checkpoint;
        }
        else
        {
            // A child of a shard we know must be read from its start, or records would be skipped;
            // StartingPosition applies only to the shards the mapping starts with.
            var isChild = shard.ParentShardId is not null && shards.ContainsKey(shard.ParentShardId);
            request.ShardIteratorType = isChild ? ShardIteratorType.TrimHorizon : definition.StartingPosition;
        }

        return (await streams.GetShardIteratorAsync(request, cancellationToken)).ShardIterator;
    }

    /// <summary>
    /// Moves up to BatchSize matching records from the buffer into a batch. Records the filter
    /// rejects are never delivered but are checkpointed like delivered ones (Lambda filtering).
    /// </summary>
    private int TakeBatch(StreamShard shard)
    {
        var skipped = 0;
        while (shard.Buffer.Count > 0 && !Matches(shard.Buffer[0].Record))
        {
            Checkpoint(shard, shard.Buffer[0].SequenceNumber);
            shard.Buffer.RemoveAt(0);
            skipped++;
        }

        var batch = new List<PendingRecord>();
        var taken = 0;
        while (taken < shard.Buffer.Count && batch.Count < definition.BatchSize)
        {
            if (Matches(shard.Buffer[taken].Record))
            {
                batch.Add(shard.Buffer[taken]);
            }

            taken++;
        }

        if (batch.Count > 0)
        {
            var last = shard.Buffer[taken - 1].SequenceNumber;
            shard.Buffer.RemoveRange(0, taken);
            shard.Batches.AddFirst(new StreamBatch(batch, last));
        }

        return skipped;
    }

    private bool Matches(DynamodbStreamRecord record) =>
        filter is null || filter.Matches(JsonSerializer.SerializeToElement(record, LambdaJsonContext.Default.DynamodbStreamRecord));

    private async Task<int> DeliverFrontBatchAsync(StreamShard shard, CancellationToken cancellationToken)
    {
        var batch = shard.Batches.First!.Value;
        var settled = DiscardExpiredRecords(shard, batch);
        if (batch.Records.Count == 0)
        {
            return settled + Complete(shard, batch);
        }

        var now = time.GetUtcNow();
        batch.LastRequestId = Guid.CreateVersion7(now).ToString();
        StreamsEventResponse? response = null;
        try
        {
            var records = batch.Records.Select(r => r.Record).ToList();
            response = await function.HandleAsync(new DynamoDBEvent { Records = records }, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            batch.LastFunctionError = "Unhandled";
            batch.LastErrorMessage = $"{e.GetType().Name}: {e.Message}";
            LogFunctionFailed(logger, MappingId, shard.ShardId, batch.Records.Count, e);

            return settled + Fail(shard, batch);
        }

        // Lambda reads batchItemFailures only when the mapping enables ReportBatchItemFailures.
        var failures = definition.ReportBatchItemFailures ? response?.BatchItemFailures ?? [] : [];
        if (failures.Count == 0)
        {
            return settled + Complete(shard, batch);
        }

        batch.LastFunctionError = null;
        batch.LastErrorMessage = $"The function reported {failures.Count} failed record(s).";
        var firstFailed = FirstFailedIndex(batch, failures);
        if (firstFailed <= 0)
        {
            return settled + Fail(shard, batch);
        }

        // Everything before the lowest failed sequence number succeeded: checkpoint it and go on
        // from there. With bisect on, this is the split ("bisected at the returned sequence number").
        var succeeded = batch.Records.Take(firstFailed).ToList();
        Checkpoint(shard, succeeded[^1].SequenceNumber);
        batch.Records = batch.Records.Skip(firstFailed).ToList();
        settled += succeeded.Count;
        return definition.BisectBatchOnFunctionError ? settled : settled + CountFailedAttempt(shard, batch);
    }

    /// <summary>
    /// The index of the lowest failed record, or −1 when an identifier is missing or not in the
    /// batch, which Lambda treats as a failure of the whole batch.
    /// </summary>
    private static int FirstFailedIndex(StreamBatch batch, List<StreamsEventResponse.BatchItemFailure> failures)
    {
        var lowest = -1;
        foreach (var failure in failures)
        {
            var index = -1;
            for (var i = 0; i < batch.Records.Count; i++)
            {
                if (batch.Records[i].SequenceNumber == failure.ItemIdentifier)
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                return -1;
            }

            lowest = lowest < 0 ? index : Math.Min(lowest, index);
        }

        return lowest;
    }

    private int Fail(StreamShard shard, StreamBatch batch)
    {
        if (definition.BisectBatchOnFunctionError && batch.Records.Count > 1)
        {
            // Splits don't count toward the retry quota, and each half starts afresh.
            var half = batch.Records.Count / 2;
            var first = new StreamBatch(batch.Records.Take(half).ToList(), batch.Records[half - 1].SequenceNumber);
            var second = new StreamBatch(batch.Records.Skip(half).ToList(), batch.LastSequenceNumber)
            {
                Attempts = batch.Attempts,
            };
            first.Attempts = batch.Attempts;
            shard.Batches.RemoveFirst();
            shard.Batches.AddFirst(second);
            shard.Batches.AddFirst(first);
            return 0;
        }

        return CountFailedAttempt(shard, batch);
    }

    private int CountFailedAttempt(StreamShard shard, StreamBatch batch)
    {
        batch.Attempts++;
        var retriesLeft = definition.MaximumRetryAttempts < 0 || batch.Attempts <= definition.MaximumRetryAttempts;
        if (retriesLeft)
        {
            var exponent = Math.Min(batch.Attempts - 1, 16);
            var backoff = TimeSpan.FromTicks(Math.Min(options.RetryBackoff.Ticks * (1L << exponent), options.MaxRetryBackoff.Ticks));
            shard.NotBefore = time.GetUtcNow() + backoff;
            return 0;
        }

        Discard(shard, batch, batch.Records, DiscardCondition.RetryAttemptsExhausted);
        var discarded = batch.Records.Count;
        batch.Records = [];
        return discarded + Complete(shard, batch);
    }

    /// <summary>
    /// Discards the leading records older than MaximumRecordAgeInSeconds. Age counts from when
    /// this mapping first read the record, not from ApproximateCreationDateTime: DynamoDB Local
    /// cuts that to the minute, which would expire records up to 59 s early.
    /// </summary>
    private int DiscardExpiredRecords(StreamShard shard, StreamBatch batch)
    {
        if (definition.MaximumRecordAgeInSeconds < 0)
        {
            return 0;
        }

        var oldest = time.GetUtcNow() - TimeSpan.FromSeconds(definition.MaximumRecordAgeInSeconds);
        var expired = batch.Records.TakeWhile(r => r.FirstReadAt < oldest).ToList();
        if (expired.Count == 0)
        {
            return 0;
        }

        Discard(shard, batch, expired, DiscardCondition.RecordAgeExceeded);
        batch.Records = batch.Records.Skip(expired.Count).ToList();
        if (batch.Records.Count > 0)
        {
            Checkpoint(shard, expired[^1].SequenceNumber);
        }

        return expired.Count;
    }

    /// <summary>Sends the invocation record to the on-failure queue; a send that throws leaves the shard blocked, never loses records.</summary>
    private void Discard(StreamShard shard, StreamBatch batch, IReadOnlyList<PendingRecord> records, DiscardCondition condition)
    {
        var now = time.GetUtcNow();
        var body = StreamFailureRecord.ToJson(
            condition,
            batch.LastRequestId ?? Guid.CreateVersion7(now).ToString(),
            FunctionArn,
            batch.Attempts,
            batch.LastFunctionError,
            shard.ShardId,
            streamArn!,
            records.Select(r => r.Record).ToList(),
            now);
        var error = condition == DiscardCondition.RecordAgeExceeded
            ? $"Record age exceeded MaximumRecordAgeInSeconds ({definition.MaximumRecordAgeInSeconds} s). Last error: {batch.LastErrorMessage ?? "none"}"
            : batch.LastErrorMessage ?? "The function failed.";
        queues.SendMessage(definition.OnFailureQueue, new OutgoingMessage(body)
        {
            MessageAttributes = new Dictionary<string, string> { [ErrorMessageAttribute] = error },
        });
        LogDiscarded(logger, MappingId, shard.ShardId, records.Count, condition, definition.OnFailureQueue);
    }

    private int Complete(StreamShard shard, StreamBatch batch)
    {
        Checkpoint(shard, batch.LastSequenceNumber);
        shard.Batches.RemoveFirst();
        return batch.Records.Count;
    }

    private void Checkpoint(StreamShard shard, string sequenceNumber)
    {
        if (shard.Checkpoint is null || SequenceNumbers.Compare(sequenceNumber, shard.Checkpoint) > 0)
        {
            checkpoints.Save(MappingId, shard.ShardId, sequenceNumber, time.GetUtcNow());
            shard.Checkpoint = sequenceNumber;
        }
    }

    private async Task RefreshShardsAsync(CancellationToken cancellationToken)
    {
        streamArn ??= await FindStreamAsync(cancellationToken);
        string? exclusiveStart = null;
        do
        {
            var page = (await streams.DescribeStreamAsync(
                new DescribeStreamRequest { StreamArn = streamArn, ExclusiveStartShardId = exclusiveStart },
                cancellationToken)).StreamDescription;
            foreach (var shard in page.Shards)
            {
                if (shard.ShardId is { } id && !shards.ContainsKey(id))
                {
                    shards.Add(id, new StreamShard(id, shard.ParentShardId, checkpoints.Get(MappingId, id)));
                }
            }

            exclusiveStart = page.LastEvaluatedShardId;
        }
        while (exclusiveStart is not null);
    }

    private async Task<string> FindStreamAsync(CancellationToken cancellationToken)
    {
        var listed = await streams.ListStreamsAsync(new ListStreamsRequest { TableName = definition.Table }, cancellationToken);
        // A table that had its stream disabled and re-enabled lists several; only one is ENABLED.
        foreach (var summary in listed.Streams)
        {
            var description = await streams.DescribeStreamAsync(new DescribeStreamRequest { StreamArn = summary.StreamArn, Limit = 1 }, cancellationToken);
            if (description.StreamDescription.StreamStatus == "ENABLED")
            {
                return summary.StreamArn!;
            }
        }

        throw new InvalidOperationException($"Table '{definition.Table}' has no enabled stream for mapping {MappingId}.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream mapping {Mapping}, shard {Shard}: function failed on {Count} record(s)")]
    private static partial void LogFunctionFailed(ILogger logger, string mapping, string shard, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream mapping {Mapping}, shard {Shard}: discarded {Count} record(s) ({Condition}); invocation record sent to {Queue}")]
    private static partial void LogDiscarded(ILogger logger, string mapping, string shard, int count, DiscardCondition condition, string queue);
}
