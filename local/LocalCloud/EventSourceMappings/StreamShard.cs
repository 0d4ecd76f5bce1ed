using Razors.Lambda.Events;

namespace Razors.LocalCloud.EventSourceMappings;

/// <summary>A record the mapping has read, with when it first read it (for MaximumRecordAgeInSeconds).</summary>
internal sealed record PendingRecord(DynamodbStreamRecord Record, DateTimeOffset FirstReadAt)
{
    public string SequenceNumber => Record.Dynamodb?.SequenceNumber
        ?? throw new InvalidOperationException($"Stream record {Record.EventID} has no SequenceNumber.");
}

/// <summary>
/// Records handed to the function together. <see cref="LastSequenceNumber"/> also covers filtered-out
/// records read after the last delivered one, so success checkpoints past them too.
/// </summary>
internal sealed class StreamBatch(IReadOnlyList<PendingRecord> records, string lastSequenceNumber)
{
    public IReadOnlyList<PendingRecord> Records { get; set; } = records;

    public string LastSequenceNumber { get; } = lastSequenceNumber;

    /// <summary>Failed invocations that count toward MaximumRetryAttempts (bisect splits don't).</summary>
    public int Attempts { get; set; }

    public string? LastRequestId { get; set; }

    public string? LastFunctionError { get; set; }

    public string? LastErrorMessage { get; set; }
}

/// <summary>What the mapping knows about one shard of the stream. Touched by one poll at a time.</summary>
internal sealed class StreamShard(string shardId, string? parentShardId, ShardCheckpoint? checkpoint)
{
    public string ShardId { get; } = shardId;

    public string? ParentShardId { get; } = parentShardId;

    /// <summary>Last record done with; reads resume AFTER_SEQUENCE_NUMBER this.</summary>
    public string? Checkpoint { get; set; } = checkpoint?.SequenceNumber;

    /// <summary>A closed shard read to its end and fully processed; its children may start.</summary>
    public bool Finished { get; set; } = checkpoint?.Finished ?? false;

    public string? Iterator { get; set; }

    /// <summary>GetRecords answered no next iterator: the shard is closed and nothing is left to read.</summary>
    public bool EndOfShard { get; set; }

    /// <summary>Read but not yet in a batch, in stream order.</summary>
    public List<PendingRecord> Buffer { get; } = [];

    /// <summary>Batches awaiting (re)delivery, front first; bisecting puts both halves here.</summary>
    public LinkedList<StreamBatch> Batches { get; } = new();

    /// <summary>No retry before this time (backoff after a failed invocation).</summary>
    public DateTimeOffset NotBefore { get; set; }

    public bool HasWork => Buffer.Count > 0 || Batches.Count > 0;
}
