namespace Razors.LocalCloud.Queues;

/// <summary>A queue's settings as stored (docs/aws-semantics.md §6).</summary>
internal sealed record QueueSettings(
    string Name, bool Fifo, bool ContentBasedDeduplication, int VisibilityTimeoutSeconds, int RetentionSeconds,
    string? DeadLetterQueue, int? MaxReceiveCount);

/// <summary>A message row. <see cref="Seq"/> orders the whole table; times are Unix milliseconds.</summary>
internal sealed record StoredMessage(
    long Seq, string MessageId, string Body, string? GroupId, string? DeduplicationId, string MessageAttributes,
    long SentAt, long ReceiveCount, long? FirstReceivedAt, string? DeadLetterSource);

/// <summary>What a delete or visibility change checks a receipt handle against.</summary>
internal sealed record InFlightState(long Seq, string? ReceiptHandle, long VisibleAt);
