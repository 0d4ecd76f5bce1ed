using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Razors.Topology;

namespace Razors.LocalCloud.Queues;

/// <summary>
/// What SQS accepts and rejects, with its error codes: queue attribute ranges, FIFO and dedup
/// rules, batch limits, receipt handles. Rules and their sources are in docs/aws-semantics.md §6.
/// </summary>
internal static partial class QueueRules
{
    public const string NonExistentQueue = "AWS.SimpleQueueService.NonExistentQueue";
    public const string InvalidParameterValue = "InvalidParameterValue";
    public const string MissingParameter = "MissingParameter";
    public const string ReceiptHandleIsInvalid = "ReceiptHandleIsInvalid";
    public const string MessageNotInflight = "AWS.SimpleQueueService.MessageNotInflight";

    /// <summary>How long a FIFO queue remembers a deduplication id.</summary>
    public static readonly TimeSpan DeduplicationInterval = TimeSpan.FromMinutes(5);

    private const int MaxVisibilityTimeoutSeconds = 43_200;
    private const int MaxDelaySeconds = 900;

    /// <summary>
    /// Checks a queue's name and attributes; <paramref name="deadLetterQueue"/> is the queue its
    /// redrive policy names, which must already exist.
    /// </summary>
    public static void ValidateDefinition(QueueDefinition definition, Func<string, QueueSettings> deadLetterQueue)
    {
        var name = definition.Name;
        if (name.Length > 80 || !QueueName().IsMatch(name))
        {
            throw Invalid($"Queue name {name} must be 1-80 letters, digits, hyphens or underscores (plus .fifo for FIFO).");
        }

        if (definition.Fifo != name.EndsWith(".fifo", StringComparison.Ordinal))
        {
            throw Invalid($"Queue name {name}: a queue is FIFO if and only if its name ends in .fifo.");
        }

        if (definition.ContentBasedDeduplication && !definition.Fifo)
        {
            throw Invalid($"Queue {name}: ContentBasedDeduplication is only valid for FIFO queues.");
        }

        if (definition.VisibilityTimeoutSeconds is < 0 or > MaxVisibilityTimeoutSeconds)
        {
            throw Invalid($"Queue {name}: VisibilityTimeout must be 0-43200 seconds.");
        }

        if (definition.MessageRetentionSeconds is < 60 or > 1_209_600)
        {
            throw Invalid($"Queue {name}: MessageRetentionPeriod must be 60-1209600 seconds.");
        }

        if (definition.Redrive is not { } redrive)
        {
            return;
        }

        if (redrive.MaxReceiveCount is < 1 or > 1000)
        {
            throw Invalid($"Queue {name}: maxReceiveCount must be 1-1000.");
        }

        if (redrive.DeadLetterQueue == name)
        {
            throw Invalid($"Queue {name} cannot be its own dead-letter queue.");
        }

        var dlq = deadLetterQueue(redrive.DeadLetterQueue);
        if (dlq.Fifo != definition.Fifo)
        {
            throw Invalid(definition.Fifo
                ? $"Queue {name} is FIFO, so its dead-letter queue {dlq.Name} must be FIFO too."
                : $"Queue {name} is standard, so its dead-letter queue {dlq.Name} must be standard too.");
        }
    }

    public static void ValidateSend(QueueSettings queue, OutgoingMessage message)
    {
        if (string.IsNullOrEmpty(message.Body))
        {
            throw Invalid($"Queue {queue.Name}: the message body must not be empty.");
        }

        if (!queue.Fifo)
        {
            if (message.MessageDeduplicationId is not null)
            {
                throw Invalid($"Queue {queue.Name}: MessageDeduplicationId is only valid for FIFO queues.");
            }

            if (message.DelaySeconds is < 0 or > MaxDelaySeconds)
            {
                throw Invalid($"Queue {queue.Name}: DelaySeconds must be 0-900.");
            }

            return;
        }

        if (string.IsNullOrEmpty(message.MessageGroupId))
        {
            throw new QueueException(MissingParameter, $"Queue {queue.Name} is FIFO: every message needs a MessageGroupId.");
        }

        if (message.MessageDeduplicationId is null && !queue.ContentBasedDeduplication)
        {
            throw Invalid($"Queue {queue.Name} is FIFO without ContentBasedDeduplication: give a MessageDeduplicationId.");
        }

        if (message.DelaySeconds != 0)
        {
            throw Invalid($"Queue {queue.Name} is FIFO: per-message DelaySeconds is not supported.");
        }
    }

    public static void ValidateMaxMessages(int maxMessages)
    {
        if (maxMessages is < 1 or > 10)
        {
            throw new QueueException(InvalidParameterValue, $"MaxNumberOfMessages must be between 1 and 10, got {maxMessages}.");
        }
    }

    public static void ValidateVisibilityTimeout(TimeSpan visibilityTimeout)
    {
        if (visibilityTimeout < TimeSpan.Zero || visibilityTimeout > TimeSpan.FromSeconds(MaxVisibilityTimeoutSeconds))
        {
            throw Invalid($"VisibilityTimeout must be 0-43200 seconds, got {visibilityTimeout.TotalSeconds}.");
        }
    }

    /// <summary>A FIFO message's dedup id: the sender's, or with content-based dedup the SHA-256 of the body.</summary>
    public static string DeduplicationId(OutgoingMessage message) =>
        message.MessageDeduplicationId ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.Body)));

    /// <summary>The FIFO SequenceNumber: the row's sequence, zero-padded to 20 digits.</summary>
    public static string SequenceNumber(long seq) => seq.ToString("D20", CultureInfo.InvariantCulture);

    /// <summary>Messages sent at or before this are past the queue's retention period.</summary>
    public static long RetentionCutoff(QueueSettings queue, long now) => now - (queue.RetentionSeconds * 1000L);

    /// <summary>Handles are <c>messageId#token</c>: the message id tells a stale handle from a deleted message.</summary>
    public static string ReceiptHandle(string messageId, Guid token) => $"{messageId}#{token:N}";

    /// <summary>The message id in <paramref name="receiptHandle"/>.</summary>
    public static string ParseReceiptHandle(string receiptHandle)
    {
        ArgumentNullException.ThrowIfNull(receiptHandle);
        var separator = receiptHandle.IndexOf('#', StringComparison.Ordinal);
        return separator > 0
            ? receiptHandle[..separator]
            : throw new QueueException(ReceiptHandleIsInvalid, $"The receipt handle \"{receiptHandle}\" is not valid.");
    }

    public static QueueException Invalid(string message) => new(InvalidParameterValue, message);

    [GeneratedRegex(@"^[A-Za-z0-9_-]+(\.fifo)?$")]
    private static partial Regex QueueName();
}
