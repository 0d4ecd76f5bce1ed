using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using Microsoft.Data.Sqlite;
using Razors.LocalCloud.Storage;
using Razors.Topology;

namespace Razors.LocalCloud.Queues;

/// <summary>
/// The local SQS on <see cref="LocalCloudDatabase"/>: every operation is one SQLite transaction,
/// so a send, a receive (with its redrive to the DLQ) or a move is all-or-nothing and survives a
/// restart. Rules and their sources are in AWS-SEMANTICS.md §6.
/// </summary>
public sealed partial class SqliteQueueService : IQueueService
{
    private const string NonExistentQueue = "AWS.SimpleQueueService.NonExistentQueue";
    private const string InvalidParameterValue = "InvalidParameterValue";
    private const string MissingParameter = "MissingParameter";
    private const string ReceiptHandleIsInvalid = "ReceiptHandleIsInvalid";
    private const string MessageNotInflight = "AWS.SimpleQueueService.MessageNotInflight";

    private const int MaxVisibilityTimeoutSeconds = 43_200;
    private const int MaxDelaySeconds = 900;
    private static readonly TimeSpan DeduplicationInterval = TimeSpan.FromMinutes(5);

    // seq orders the whole table (AUTOINCREMENT never reuses a value), so it is both the FIFO
    // order and, zero-padded, the FIFO SequenceNumber. Times are Unix milliseconds.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS sqs_queues (
            name TEXT PRIMARY KEY,
            fifo INTEGER NOT NULL,
            content_based_deduplication INTEGER NOT NULL,
            visibility_timeout_seconds INTEGER NOT NULL,
            retention_seconds INTEGER NOT NULL,
            dead_letter_queue TEXT NULL,
            max_receive_count INTEGER NULL);
        CREATE TABLE IF NOT EXISTS sqs_messages (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            queue TEXT NOT NULL,
            message_id TEXT NOT NULL,
            body TEXT NOT NULL,
            group_id TEXT NULL,
            deduplication_id TEXT NULL,
            message_attributes TEXT NOT NULL,
            sent_at INTEGER NOT NULL,
            visible_at INTEGER NOT NULL,
            receive_count INTEGER NOT NULL,
            first_received_at INTEGER NULL,
            receipt_handle TEXT NULL,
            dead_letter_source TEXT NULL);
        CREATE INDEX IF NOT EXISTS ix_sqs_messages_order ON sqs_messages (queue, seq);
        CREATE INDEX IF NOT EXISTS ix_sqs_messages_group ON sqs_messages (queue, group_id, visible_at);
        CREATE INDEX IF NOT EXISTS ix_sqs_messages_sent ON sqs_messages (queue, sent_at);
        CREATE UNIQUE INDEX IF NOT EXISTS ix_sqs_messages_id ON sqs_messages (queue, message_id);
        CREATE TABLE IF NOT EXISTS sqs_deduplication (
            queue TEXT NOT NULL,
            deduplication_id TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            message_id TEXT NOT NULL,
            sequence_number TEXT NOT NULL,
            PRIMARY KEY (queue, deduplication_id));
        CREATE INDEX IF NOT EXISTS ix_sqs_deduplication_expiry ON sqs_deduplication (queue, expires_at);
        """;

    private const string MessageColumns =
        "seq, message_id, body, group_id, deduplication_id, message_attributes, sent_at, receive_count, first_received_at, dead_letter_source";

    private readonly LocalCloudDatabase database;
    private readonly TimeProvider time;
    private readonly QueueServiceOptions options;

    public SqliteQueueService(LocalCloudDatabase database, TimeProvider time, QueueServiceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        this.database = database;
        this.time = time;
        this.options = options ?? new QueueServiceOptions();
        database.EnsureSchema(Schema);
    }

    public event Action<string>? MessageAvailable;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public void CreateQueue(QueueDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        database.Write((c, t) =>
        {
            ValidateDefinition(c, t, definition);
            return c.Execute(t, """
                INSERT INTO sqs_queues (name, fifo, content_based_deduplication, visibility_timeout_seconds,
                                        retention_seconds, dead_letter_queue, max_receive_count)
                VALUES ($name, $fifo, $cbd, $visibility, $retention, $dlq, $max)
                ON CONFLICT (name) DO UPDATE SET
                    content_based_deduplication = excluded.content_based_deduplication,
                    visibility_timeout_seconds = excluded.visibility_timeout_seconds,
                    retention_seconds = excluded.retention_seconds,
                    dead_letter_queue = excluded.dead_letter_queue,
                    max_receive_count = excluded.max_receive_count
                """,
                ("$name", definition.Name),
                ("$fifo", definition.Fifo),
                ("$cbd", definition.ContentBasedDeduplication),
                ("$visibility", definition.VisibilityTimeoutSeconds),
                ("$retention", definition.MessageRetentionSeconds),
                ("$dlq", definition.Redrive?.DeadLetterQueue),
                ("$max", definition.Redrive?.MaxReceiveCount));
        });
    }

    public IReadOnlyList<string> ListQueues() => database.Read(c =>
    {
        using var command = c.Command(null, "SELECT name FROM sqs_queues ORDER BY name");
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    });

    public string GetQueueArn(string queueName) => database.Read(c => Arn(LoadQueue(c, null, queueName).Name));

    public SendResult SendMessage(string queueName, OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = database.Write((c, t) =>
        {
            var queue = LoadQueue(c, t, queueName);
            ValidateSend(queue, message);
            var now = Now;
            if (!queue.Fifo)
            {
                var (messageId, _) = Insert(c, t, queue.Name, message.Body, message.MessageGroupId, null,
                    SerializeAttributes(message.MessageAttributes), now, now + (message.DelaySeconds * 1000L));
                return new SendResult(messageId, null, Duplicate: false);
            }

            var deduplicationId = message.MessageDeduplicationId ?? ContentHash(message.Body);
            c.Execute(t, "DELETE FROM sqs_deduplication WHERE queue = $queue AND expires_at <= $now",
                ("$queue", queue.Name), ("$now", now));
            using (var command = c.Command(t,
                "SELECT message_id, sequence_number FROM sqs_deduplication WHERE queue = $queue AND deduplication_id = $id",
                ("$queue", queue.Name), ("$id", deduplicationId)))
            using (var reader = command.ExecuteReader())
            {
                if (reader.Read())
                {
                    // SQS accepts a duplicate within the interval and answers with the original's ids.
                    return new SendResult(reader.GetString(0), reader.GetString(1), Duplicate: true);
                }
            }

            var (id, seq) = Insert(c, t, queue.Name, message.Body, message.MessageGroupId, deduplicationId,
                SerializeAttributes(message.MessageAttributes), now, now);
            var sequenceNumber = SequenceNumber(seq);
            c.Execute(t, """
                INSERT INTO sqs_deduplication (queue, deduplication_id, expires_at, message_id, sequence_number)
                VALUES ($queue, $id, $expires, $messageId, $sequence)
                """,
                ("$queue", queue.Name), ("$id", deduplicationId),
                ("$expires", now + (long)DeduplicationInterval.TotalMilliseconds),
                ("$messageId", id), ("$sequence", sequenceNumber));
            return new SendResult(id, sequenceNumber, Duplicate: false);
        });

        if (!result.Duplicate)
        {
            MessageAvailable?.Invoke(queueName);
        }

        return result;
    }

    public IReadOnlyList<ReceivedMessage> ReceiveMessages(string queueName, int maxMessages, TimeSpan? visibilityTimeout = null)
    {
        if (maxMessages is < 1 or > 10)
        {
            throw new QueueException(InvalidParameterValue, $"MaxNumberOfMessages must be between 1 and 10, got {maxMessages}.");
        }

        if (visibilityTimeout is { } requested)
        {
            ValidateVisibilityTimeout(requested);
        }

        var (received, deadLetterQueue) = database.Write((c, t) =>
        {
            var queue = LoadQueue(c, t, queueName);
            var now = Now;
            PurgeExpired(c, t, queue, now);

            var taken = new List<StoredMessage>(maxMessages);
            var deadLettered = false;
            var after = 0L;
            while (taken.Count < maxMessages)
            {
                var page = SelectReceivable(c, t, queue, now, after, maxMessages - taken.Count);
                if (page.Count == 0)
                {
                    break;
                }

                foreach (var message in page)
                {
                    after = message.Seq;
                    // "Exceeds": with maxReceiveCount 3 the message is returned 3 times and the
                    // 4th receive moves it instead (sqs-dead-letter-queues).
                    if (queue.MaxReceiveCount is { } max && message.ReceiveCount >= max)
                    {
                        MoveToDeadLetterQueue(c, t, queue, message, now);
                        deadLettered = true;
                    }
                    else
                    {
                        taken.Add(message);
                    }
                }
            }

            // Taken messages are hidden only now, after every page was read: on FIFO a message
            // hidden mid-receive would block its own group's later messages in this same batch.
            var hiddenUntil = now + (long)(visibilityTimeout ?? TimeSpan.FromSeconds(queue.VisibilityTimeoutSeconds)).TotalMilliseconds;
            var received = taken.ConvertAll(message => Hide(c, t, queue, message, now, hiddenUntil));
            return (received, deadLettered ? queue.DeadLetterQueue : null);
        });

        if (deadLetterQueue is not null)
        {
            MessageAvailable?.Invoke(deadLetterQueue);
        }

        return received;
    }

    public void DeleteMessage(string queueName, string receiptHandle)
    {
        var messageId = ParseReceiptHandle(receiptHandle);
        database.Write((c, t) =>
        {
            var queue = LoadQueue(c, t, queueName);
            using var command = c.Command(t,
                "SELECT seq, receipt_handle, visible_at FROM sqs_messages WHERE queue = $queue AND message_id = $id",
                ("$queue", queue.Name), ("$id", messageId));
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return 0; // Already deleted: SQS answers success.
            }

            var (seq, current, visibleAt) = (reader.GetInt64(0), reader.NullableString(1), reader.GetInt64(2));
            var expired = current != receiptHandle || visibleAt <= Now;
            if (queue.Fifo && expired)
            {
                throw new QueueException(InvalidParameterValue,
                    $"The receipt handle for message {messageId} on {queue.Name} has expired: its visibility timeout ran out, so it may be received again.");
            }

            // Standard queues: a handle from an earlier receive succeeds without deleting
            // (SQS DeleteMessage: "the request succeeds, but the message might not be deleted").
            return current == receiptHandle
                ? c.Execute(t, "DELETE FROM sqs_messages WHERE seq = $seq", ("$seq", seq))
                : 0;
        });
    }

    public void ChangeMessageVisibility(string queueName, string receiptHandle, TimeSpan visibilityTimeout)
    {
        var messageId = ParseReceiptHandle(receiptHandle);
        ValidateVisibilityTimeout(visibilityTimeout);
        database.Write((c, t) =>
        {
            var queue = LoadQueue(c, t, queueName);
            var now = Now;
            using var command = c.Command(t,
                "SELECT seq, receipt_handle, visible_at FROM sqs_messages WHERE queue = $queue AND message_id = $id",
                ("$queue", queue.Name), ("$id", messageId));
            using var reader = command.ExecuteReader();
            if (!reader.Read() || reader.NullableString(1) != receiptHandle)
            {
                throw new QueueException(ReceiptHandleIsInvalid,
                    $"The receipt handle is not the latest one of a message in {queue.Name}.");
            }

            if (reader.GetInt64(2) <= now)
            {
                throw new QueueException(MessageNotInflight, $"Message {messageId} is not in flight on {queue.Name}.");
            }

            return c.Execute(t, "UPDATE sqs_messages SET visible_at = $visibleAt WHERE seq = $seq",
                ("$visibleAt", now + (long)visibilityTimeout.TotalMilliseconds), ("$seq", reader.GetInt64(0)));
        });

        if (visibilityTimeout == TimeSpan.Zero)
        {
            MessageAvailable?.Invoke(queueName);
        }
    }

    public QueueStats GetStats(string queueName) => database.Read(c =>
    {
        var queue = LoadQueue(c, null, queueName);
        var now = Now;
        using var command = c.Command(null, """
            SELECT COALESCE(SUM(visible_at <= $now), 0),
                   COALESCE(SUM(visible_at > $now AND receive_count > 0), 0),
                   COALESCE(SUM(visible_at > $now AND receive_count = 0), 0)
            FROM sqs_messages WHERE queue = $queue AND sent_at > $cutoff
            """,
            ("$now", now), ("$queue", queue.Name), ("$cutoff", RetentionCutoff(queue, now)));
        using var reader = command.ExecuteReader();
        reader.Read();
        return new QueueStats(queue.Name, reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
    });

    public IReadOnlyList<PeekedMessage> Peek(string queueName, int maxMessages) => database.Read(c =>
    {
        var queue = LoadQueue(c, null, queueName);
        var now = Now;
        var messages = ReadMessages(c.Command(null,
            $"SELECT {MessageColumns} FROM sqs_messages WHERE queue = $queue AND sent_at > $cutoff ORDER BY seq LIMIT $limit",
            ("$queue", queue.Name), ("$cutoff", RetentionCutoff(queue, now)), ("$limit", maxMessages)));
        return messages.ConvertAll(m => new PeekedMessage(
            m.MessageId,
            m.Body,
            (int)m.ReceiveCount,
            DateTimeOffset.FromUnixTimeMilliseconds(m.SentAt),
            SystemAttributes(queue, m, m.ReceiveCount),
            DeserializeAttributes(m.MessageAttributes)));
    });

    public int MoveMessages(string sourceDeadLetterQueue, string? destinationQueue = null)
    {
        var (moved, destinations) = database.Write((c, t) =>
        {
            var source = LoadQueue(c, t, sourceDeadLetterQueue);
            if (c.Scalar<long>(t, "SELECT COUNT(*) FROM sqs_queues WHERE dead_letter_queue = $name", ("$name", source.Name)) == 0)
            {
                throw new QueueException(InvalidParameterValue,
                    $"{source.Name} is not a dead-letter queue: no queue's redrive policy names it.");
            }

            var explicitDestination = destinationQueue is null ? null : LoadQueue(c, t, destinationQueue);
            if (explicitDestination?.Name == source.Name)
            {
                throw new QueueException(InvalidParameterValue, $"Cannot move messages from {source.Name} to itself.");
            }

            var now = Now;
            PurgeExpired(c, t, source, now);
            var messages = ReadMessages(c.Command(t,
                $"SELECT {MessageColumns} FROM sqs_messages WHERE queue = $queue AND visible_at <= $now ORDER BY seq",
                ("$queue", source.Name), ("$now", now)));
            var targets = new Dictionary<string, QueueSettings>();
            foreach (var message in messages)
            {
                var destinationName = explicitDestination?.Name ?? message.DeadLetterSource
                    ?? throw new QueueException(InvalidParameterValue,
                        $"Message {message.MessageId} in {source.Name} was not dead-lettered from a queue; give a destination queue.");
                if (!targets.TryGetValue(destinationName, out var destination))
                {
                    destination = targets[destinationName] = LoadQueue(c, t, destinationName);
                }

                if (destination.Fifo != source.Fifo)
                {
                    throw new QueueException(InvalidParameterValue,
                        $"Cannot move messages from {source.Name} to {destination.Name}: both must be FIFO or both standard.");
                }

                // A move is a new message: new id and enqueue time, so retention restarts (StartMessageMoveTask).
                Insert(c, t, destination.Name, message.Body, message.GroupId,
                    destination.Fifo ? message.DeduplicationId : null, message.MessageAttributes, now, now);
                c.Execute(t, "DELETE FROM sqs_messages WHERE seq = $seq", ("$seq", message.Seq));
            }

            return (messages.Count, targets.Keys.ToList());
        });

        foreach (var destination in destinations)
        {
            MessageAvailable?.Invoke(destination);
        }

        return moved;
    }

    private string Arn(string queueName) => new LocalArns(options.Region, options.AccountId).Queue(queueName);

    private static string SequenceNumber(long seq) => seq.ToString("D20", CultureInfo.InvariantCulture);

    private static string ContentHash(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    private static long RetentionCutoff(QueueSettings queue, long now) => now - (queue.RetentionSeconds * 1000L);

    private static void PurgeExpired(SqliteConnection c, SqliteTransaction t, QueueSettings queue, long now) =>
        c.Execute(t, "DELETE FROM sqs_messages WHERE queue = $queue AND sent_at <= $cutoff",
            ("$queue", queue.Name), ("$cutoff", RetentionCutoff(queue, now)));

    private (string MessageId, long Seq) Insert(
        SqliteConnection c, SqliteTransaction t, string queue, string body, string? groupId, string? deduplicationId,
        string messageAttributes, long sentAt, long visibleAt, long receiveCount = 0, long? firstReceivedAt = null,
        string? messageId = null, string? deadLetterSource = null)
    {
        messageId ??= options.NewId().ToString();
        var seq = c.Scalar<long>(t, """
            INSERT INTO sqs_messages (queue, message_id, body, group_id, deduplication_id, message_attributes,
                                      sent_at, visible_at, receive_count, first_received_at, dead_letter_source)
            VALUES ($queue, $id, $body, $group, $dedup, $attributes, $sent, $visible, $count, $first, $source)
            RETURNING seq
            """,
            ("$queue", queue), ("$id", messageId), ("$body", body), ("$group", groupId), ("$dedup", deduplicationId),
            ("$attributes", messageAttributes), ("$sent", sentAt), ("$visible", visibleAt), ("$count", receiveCount),
            ("$first", firstReceivedAt), ("$source", deadLetterSource));
        return (messageId, seq);
    }

    private static List<StoredMessage> SelectReceivable(
        SqliteConnection c, SqliteTransaction t, QueueSettings queue, long now, long after, int limit)
    {
        // FIFO: a group with any message in flight is skipped as a whole, which keeps each
        // group in order while other groups interleave (FIFO-queues-understanding-logic).
        var groupFree = queue.Fifo
            ? """
              AND NOT EXISTS (SELECT 1 FROM sqs_messages b
                              WHERE b.queue = m.queue AND b.group_id = m.group_id AND b.visible_at > $now)
              """
            : "";
        return ReadMessages(c.Command(t, $"""
            SELECT {MessageColumns} FROM sqs_messages m
            WHERE m.queue = $queue AND m.seq > $after AND m.visible_at <= $now {groupFree}
            ORDER BY m.seq LIMIT $limit
            """,
            ("$queue", queue.Name), ("$after", after), ("$now", now), ("$limit", limit)));
    }

    private ReceivedMessage Hide(SqliteConnection c, SqliteTransaction t, QueueSettings queue, StoredMessage message, long now, long hiddenUntil)
    {
        var receiptHandle = $"{message.MessageId}#{options.NewId():N}";
        var received = message with
        {
            ReceiveCount = message.ReceiveCount + 1,
            FirstReceivedAt = message.FirstReceivedAt ?? now,
        };
        c.Execute(t, """
            UPDATE sqs_messages
            SET visible_at = $hidden, receive_count = $count, first_received_at = $first, receipt_handle = $handle
            WHERE seq = $seq
            """,
            ("$hidden", hiddenUntil), ("$count", received.ReceiveCount), ("$first", received.FirstReceivedAt),
            ("$handle", receiptHandle), ("$seq", message.Seq));
        return new ReceivedMessage(
            received.MessageId,
            receiptHandle,
            received.Body,
            SystemAttributes(queue, received, received.ReceiveCount),
            DeserializeAttributes(received.MessageAttributes));
    }

    private void MoveToDeadLetterQueue(SqliteConnection c, SqliteTransaction t, QueueSettings queue, StoredMessage message, long now)
    {
        var deadLetterQueue = LoadQueue(c, t, queue.DeadLetterQueue!);
        // Same message id and enqueue time (retention counts from the original send); on a FIFO
        // DLQ the dedup id becomes the message id (sqs-dead-letter-queues).
        Insert(c, t, deadLetterQueue.Name, message.Body, message.GroupId,
            deadLetterQueue.Fifo ? message.MessageId : null, message.MessageAttributes,
            message.SentAt, now, message.ReceiveCount, message.FirstReceivedAt, message.MessageId, queue.Name);
        c.Execute(t, "DELETE FROM sqs_messages WHERE seq = $seq", ("$seq", message.Seq));
    }

    private Dictionary<string, string> SystemAttributes(QueueSettings queue, StoredMessage message, long receiveCount)
    {
        var attributes = new Dictionary<string, string>
        {
            ["ApproximateReceiveCount"] = receiveCount.ToString(CultureInfo.InvariantCulture),
            ["SentTimestamp"] = message.SentAt.ToString(CultureInfo.InvariantCulture),
        };
        if (message.FirstReceivedAt is { } firstReceivedAt)
        {
            attributes["ApproximateFirstReceiveTimestamp"] = firstReceivedAt.ToString(CultureInfo.InvariantCulture);
        }

        if (message.GroupId is not null)
        {
            attributes["MessageGroupId"] = message.GroupId;
        }

        if (queue.Fifo)
        {
            attributes["SequenceNumber"] = SequenceNumber(message.Seq);
            attributes["MessageDeduplicationId"] = message.DeduplicationId!;
        }

        if (message.DeadLetterSource is not null)
        {
            attributes["DeadLetterQueueSourceArn"] = Arn(message.DeadLetterSource);
        }

        return attributes;
    }

    private static List<StoredMessage> ReadMessages(SqliteCommand command)
    {
        using (command)
        using (var reader = command.ExecuteReader())
        {
            var messages = new List<StoredMessage>();
            while (reader.Read())
            {
                messages.Add(new StoredMessage(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.NullableString(3),
                    reader.NullableString(4), reader.GetString(5), reader.GetInt64(6), reader.GetInt64(7),
                    reader.NullableInt64(8), reader.NullableString(9)));
            }

            return messages;
        }
    }

    private static QueueSettings LoadQueue(SqliteConnection c, SqliteTransaction? t, string name)
    {
        using var command = c.Command(t, """
            SELECT fifo, content_based_deduplication, visibility_timeout_seconds, retention_seconds,
                   dead_letter_queue, max_receive_count
            FROM sqs_queues WHERE name = $name
            """, ("$name", name));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new QueueException(NonExistentQueue, $"The queue {name} does not exist.");
        }

        return new QueueSettings(name, reader.GetBoolean(0), reader.GetBoolean(1), reader.GetInt32(2), reader.GetInt32(3),
            reader.NullableString(4), reader.IsDBNull(5) ? null : reader.GetInt32(5));
    }

    private static void ValidateDefinition(SqliteConnection c, SqliteTransaction t, QueueDefinition definition)
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

        var deadLetterQueue = LoadQueue(c, t, redrive.DeadLetterQueue);
        if (deadLetterQueue.Fifo != definition.Fifo)
        {
            throw Invalid(definition.Fifo
                ? $"Queue {name} is FIFO, so its dead-letter queue {deadLetterQueue.Name} must be FIFO too."
                : $"Queue {name} is standard, so its dead-letter queue {deadLetterQueue.Name} must be standard too.");
        }
    }

    private static void ValidateSend(QueueSettings queue, OutgoingMessage message)
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

    private static void ValidateVisibilityTimeout(TimeSpan visibilityTimeout)
    {
        if (visibilityTimeout < TimeSpan.Zero || visibilityTimeout > TimeSpan.FromSeconds(MaxVisibilityTimeoutSeconds))
        {
            throw Invalid($"VisibilityTimeout must be 0-43200 seconds, got {visibilityTimeout.TotalSeconds}.");
        }
    }

    /// <summary>Handles are <c>messageId#token</c>: the message id tells a stale handle from a deleted message.</summary>
    private static string ParseReceiptHandle(string receiptHandle)
    {
        ArgumentNullException.ThrowIfNull(receiptHandle);
        var separator = receiptHandle.IndexOf('#', StringComparison.Ordinal);
        return separator > 0
            ? receiptHandle[..separator]
            : throw new QueueException(ReceiptHandleIsInvalid, $"The receipt handle \"{receiptHandle}\" is not valid.");
    }

    private static QueueException Invalid(string message) => new(InvalidParameterValue, message);

    private static string SerializeAttributes(IReadOnlyDictionary<string, string> attributes) =>
        JsonSerializer.Serialize(attributes, QueueJsonContext.Default.IReadOnlyDictionaryStringString);

    private static Dictionary<string, string> DeserializeAttributes(string json) =>
        JsonSerializer.Deserialize(json, QueueJsonContext.Default.DictionaryStringString) ?? [];

    [GeneratedRegex(@"^[A-Za-z0-9_-]+(\.fifo)?$")]
    private static partial Regex QueueName();

    private sealed record QueueSettings(
        string Name, bool Fifo, bool ContentBasedDeduplication, int VisibilityTimeoutSeconds, int RetentionSeconds,
        string? DeadLetterQueue, int? MaxReceiveCount);

    private sealed record StoredMessage(
        long Seq, string MessageId, string Body, string? GroupId, string? DeduplicationId, string MessageAttributes,
        long SentAt, long ReceiveCount, long? FirstReceivedAt, string? DeadLetterSource);
}
