namespace Razors.LocalCloud.Queues;

// The SQS operations the local cloud offers, with SQS semantics (docs/aws-semantics.md §6).
// Queues are addressed by name; ARNs are arn:aws:sqs:<region>:<account>:<name>.

/// <summary>What to send. FIFO queues need <see cref="MessageGroupId"/> and a dedup id (or content-based dedup).</summary>
public sealed record OutgoingMessage(string Body)
{
    public string? MessageGroupId { get; init; }
    public string? MessageDeduplicationId { get; init; }
    /// <summary>String message attributes (EventBridge DLQ attributes such as ERROR_CODE are sent this way).</summary>
    public IReadOnlyDictionary<string, string> MessageAttributes { get; init; } = new Dictionary<string, string>();
    public int DelaySeconds { get; init; }
}

/// <summary>The result of a send; <see cref="Duplicate"/> is true when FIFO dedup swallowed it (still a success).</summary>
public sealed record SendResult(string MessageId, string? SequenceNumber, bool Duplicate);

/// <summary>A received message. <see cref="Attributes"/> holds ApproximateReceiveCount, SentTimestamp, MessageGroupId, …</summary>
public sealed record ReceivedMessage(
    string MessageId,
    string ReceiptHandle,
    string Body,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> MessageAttributes);

/// <summary>Counts per queue, as ApproximateNumberOfMessages / …NotVisible / …Delayed.</summary>
public sealed record QueueStats(string Name, int Visible, int InFlight, int Delayed)
{
    public int Total => Visible + InFlight + Delayed;
}

/// <summary>A message looked at without receiving it (no receive count, no visibility change).</summary>
public sealed record PeekedMessage(
    string MessageId,
    string Body,
    int ReceiveCount,
    DateTimeOffset SentAt,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> MessageAttributes);

/// <summary>The local SQS.</summary>
public interface IQueueService
{
    /// <summary>
    /// Creates the queue, or updates its attributes if it exists (idempotent, like CreateQueue).
    /// A redrive policy's DLQ must exist already and be of the same kind (FIFO or standard).
    /// </summary>
    void CreateQueue(Topology.QueueDefinition definition);

    IReadOnlyList<string> ListQueues();

    /// <summary><c>arn:aws:sqs:&lt;region&gt;:&lt;account&gt;:&lt;name&gt;</c>; throws <see cref="QueueException"/> for an unknown queue.</summary>
    string GetQueueArn(string queueName);

    /// <summary>Throws <see cref="QueueException"/> for an unknown queue or an invalid FIFO send.</summary>
    SendResult SendMessage(string queueName, OutgoingMessage message);

    /// <summary>Up to <paramref name="maxMessages"/> (1–10) visible messages; FIFO: in order, never a group with a message in flight.</summary>
    IReadOnlyList<ReceivedMessage> ReceiveMessages(string queueName, int maxMessages, TimeSpan? visibilityTimeout = null);

    /// <summary>Deletes by receipt handle. On FIFO, a handle whose visibility expired is rejected.</summary>
    void DeleteMessage(string queueName, string receiptHandle);

    /// <summary>Hides an in-flight message for <paramref name="visibilityTimeout"/> from now; zero makes it visible at once.</summary>
    void ChangeMessageVisibility(string queueName, string receiptHandle, TimeSpan visibilityTimeout);

    /// <summary>
    /// Makes every message in flight visible again at once; returns how many. Not an SQS call: the
    /// local host is each queue's only consumer, so at its start whatever is in flight was received
    /// by a predecessor that died, and waiting out the visibility timeout would only stall it.
    /// </summary>
    int ReleaseInFlight(string queueName);

    QueueStats GetStats(string queueName);

    IReadOnlyList<PeekedMessage> Peek(string queueName, int maxMessages);

    /// <summary>
    /// Moves messages from a DLQ back to <paramref name="destinationQueue"/> or, when null, to the
    /// queue each message was dead-lettered from (StartMessageMoveTask). Returns how many moved.
    /// </summary>
    int MoveMessages(string sourceDeadLetterQueue, string? destinationQueue = null);

    /// <summary>
    /// Raised with the queue name after a change that made a message visible commits (a send, a
    /// redrive to a DLQ, a move, a visibility reset to 0), so pollers can wake without busy-waiting.
    /// </summary>
    event Action<string>? MessageAvailable;
}

/// <summary>An SQS error, with the AWS error code (e.g. <c>AWS.SimpleQueueService.NonExistentQueue</c>).</summary>
public sealed class QueueException(string errorCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
}
