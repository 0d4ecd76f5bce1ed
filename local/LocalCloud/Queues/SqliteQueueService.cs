using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Razors.LocalCloud.Storage;
using Razors.Topology;
using Store = Razors.LocalCloud.Queues.SqliteQueueStore;
using static Razors.LocalCloud.Queues.QueueRules;

namespace Razors.LocalCloud.Queues;

/// <summary>
/// The local SQS's operations on <see cref="LocalCloudDatabase"/>: every operation is one SQLite
/// transaction, so a send, a receive (with its redrive to the DLQ) or a move is all-or-nothing and
/// survives a restart. What is accepted is <see cref="QueueRules"/>; the SQL is <see cref="SqliteQueueStore"/>.
/// </summary>
public sealed class SqliteQueueService : IQueueService
{
    private readonly LocalCloudDatabase database;
    private readonly TimeProvider time;
    private readonly QueueServiceOptions options;
    private readonly LocalArns arns;

    public SqliteQueueService(LocalCloudDatabase database, TimeProvider time, QueueServiceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        this.database = database;
        this.time = time;
        this.options = options ?? new QueueServiceOptions();
        arns = new LocalArns(this.options.Region, this.options.AccountId);
        database.EnsureSchema(Store.Schema);
    }

    public event Action<string>? MessageAvailable;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public void CreateQueue(QueueDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        database.Write((c, t) =>
        {
            ValidateDefinition(definition, name => LoadQueue(c, t, name));
            Store.UpsertQueue(c, t, definition);
            return 0;
        });
    }

    public IReadOnlyList<string> ListQueues() => database.Read(Store.QueueNames);

    public string GetQueueArn(string queueName) => database.Read(c => arns.Queue(LoadQueue(c, null, queueName).Name));

    public SendResult SendMessage(string queueName, OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = database.Write((c, t) =>
        {
            var queue = LoadQueue(c, t, queueName);
            ValidateSend(queue, message);
            var now = Now;
            var attributes = SerializeAttributes(message.MessageAttributes);
            if (!queue.Fifo)
            {
                var messageId = NewMessageId();
                Store.Insert(c, t, queue.Name, messageId, message.Body, message.MessageGroupId, null, attributes, now, now + (message.DelaySeconds * 1000L));
                return new SendResult(messageId, null, Duplicate: false);
            }

            var deduplicationId = DeduplicationId(message);
            if (Store.FindDeduplicated(c, t, queue.Name, deduplicationId, now) is { } original)
            {
                // SQS accepts a duplicate within the interval and answers with the original's ids.
                return new SendResult(original.MessageId, original.SequenceNumber, Duplicate: true);
            }

            var id = NewMessageId();
            var sequenceNumber = SequenceNumber(Store.Insert(c, t, queue.Name, id, message.Body, message.MessageGroupId, deduplicationId, attributes, now, now));
            Store.RememberDeduplicated(c, t, queue.Name, deduplicationId, now + (long)DeduplicationInterval.TotalMilliseconds, id, sequenceNumber);
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
        ValidateMaxMessages(maxMessages);

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
                var page = Store.Receivable(c, t, queue.Name, queue.Fifo, now, after, maxMessages - taken.Count);
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
            if (Store.FindByMessageId(c, t, queue.Name, messageId) is not { } state)
            {
                return 0; // Already deleted: SQS answers success.
            }

            var (seq, current, visibleAt) = state;
            var expired = current != receiptHandle || visibleAt <= Now;
            if (queue.Fifo && expired)
            {
                throw new QueueException(InvalidParameterValue,
                    $"The receipt handle for message {messageId} on {queue.Name} has expired: its visibility timeout ran out, so it may be received again.");
            }

            // Standard queues: a handle from an earlier receive succeeds without deleting
            // (SQS DeleteMessage: "the request succeeds, but the message might not be deleted").
            if (current == receiptHandle)
            {
                Store.Delete(c, t, seq);
            }

            return 0;
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
            var state = Store.FindByMessageId(c, t, queue.Name, messageId);
            if (state is null || state.ReceiptHandle != receiptHandle)
            {
                throw new QueueException(ReceiptHandleIsInvalid,
                    $"The receipt handle is not the latest one of a message in {queue.Name}.");
            }

            if (state.VisibleAt <= now)
            {
                throw new QueueException(MessageNotInflight, $"Message {messageId} is not in flight on {queue.Name}.");
            }

            Store.SetVisibleAt(c, t, state.Seq, now + (long)visibilityTimeout.TotalMilliseconds);
            return 0;
        });

        if (visibilityTimeout == TimeSpan.Zero)
        {
            MessageAvailable?.Invoke(queueName);
        }
    }

    public int ReleaseInFlight(string queueName)
    {
        var released = database.Write((c, t) => Store.ReleaseInFlight(c, t, LoadQueue(c, t, queueName).Name, Now));
        if (released > 0)
        {
            MessageAvailable?.Invoke(queueName);
        }

        return released;
    }

    public QueueStats GetStats(string queueName) => database.Read(c =>
    {
        var queue = LoadQueue(c, null, queueName);
        var now = Now;
        var (visible, inFlight, delayed) = Store.Counts(c, queue.Name, now, RetentionCutoff(queue, now));
        return new QueueStats(queue.Name, visible, inFlight, delayed);
    });

    public IReadOnlyList<PeekedMessage> Peek(string queueName, int maxMessages) => database.Read(c =>
    {
        var queue = LoadQueue(c, null, queueName);
        var now = Now;
        var messages = Store.SentAfter(c, queue.Name, RetentionCutoff(queue, now), maxMessages);
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
            if (!Store.IsNamedAsDeadLetterQueue(c, t, source.Name))
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
            var messages = Store.Visible(c, t, source.Name, now);
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
                Store.Insert(c, t, destination.Name, NewMessageId(), message.Body, message.GroupId,
                    destination.Fifo ? message.DeduplicationId : null, message.MessageAttributes, now, now);
                Store.Delete(c, t, message.Seq);
            }

            return (messages.Count, targets.Keys.ToList());
        });

        foreach (var destination in destinations)
        {
            MessageAvailable?.Invoke(destination);
        }

        return moved;
    }

    private string NewMessageId() => options.NewId().ToString();

    private static void PurgeExpired(SqliteConnection c, SqliteTransaction t, QueueSettings queue, long now) =>
        Store.DeleteSentBefore(c, t, queue.Name, RetentionCutoff(queue, now));

    private ReceivedMessage Hide(SqliteConnection c, SqliteTransaction t, QueueSettings queue, StoredMessage message, long now, long hiddenUntil)
    {
        var receiptHandle = ReceiptHandle(message.MessageId, options.NewId());
        var received = message with
        {
            ReceiveCount = message.ReceiveCount + 1,
            FirstReceivedAt = message.FirstReceivedAt ?? now,
        };
        Store.MarkReceived(c, t, message.Seq, hiddenUntil, received.ReceiveCount, received.FirstReceivedAt, receiptHandle);
        return new ReceivedMessage(
            received.MessageId,
            receiptHandle,
            received.Body,
            SystemAttributes(queue, received, received.ReceiveCount),
            DeserializeAttributes(received.MessageAttributes));
    }

    private static void MoveToDeadLetterQueue(SqliteConnection c, SqliteTransaction t, QueueSettings queue, StoredMessage message, long now)
    {
        var deadLetterQueue = LoadQueue(c, t, queue.DeadLetterQueue!);
        // Same message id and enqueue time (retention counts from the original send); on a FIFO
        // DLQ the dedup id becomes the message id (sqs-dead-letter-queues).
        Store.Insert(c, t, deadLetterQueue.Name, message.MessageId, message.Body, message.GroupId,
            deadLetterQueue.Fifo ? message.MessageId : null, message.MessageAttributes,
            message.SentAt, now, message.ReceiveCount, message.FirstReceivedAt, queue.Name);
        Store.Delete(c, t, message.Seq);
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
            attributes["DeadLetterQueueSourceArn"] = arns.Queue(message.DeadLetterSource);
        }

        return attributes;
    }

    private static QueueSettings LoadQueue(SqliteConnection c, SqliteTransaction? t, string name) =>
        Store.FindQueue(c, t, name) ?? throw new QueueException(NonExistentQueue, $"The queue {name} does not exist.");

    private static string SerializeAttributes(IReadOnlyDictionary<string, string> attributes) =>
        JsonSerializer.Serialize(attributes, QueueJsonContext.Default.IReadOnlyDictionaryStringString);

    private static Dictionary<string, string> DeserializeAttributes(string json) =>
        JsonSerializer.Deserialize(json, QueueJsonContext.Default.DictionaryStringString) ?? [];
}
