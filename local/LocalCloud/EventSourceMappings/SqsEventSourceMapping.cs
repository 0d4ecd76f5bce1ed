using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Razors.LocalCloud.Queues;
using Razors.Lambda.Events;
using Razors.Topology;

namespace Razors.LocalCloud.EventSourceMappings;

/// <summary>
/// Lambda's SQS event-source mapping, locally: receives a batch, invokes the function, deletes
/// what succeeded (docs/aws-semantics.md §7). Batches run one at a time, so a FIFO queue never has two
/// batches of one message group in the function at once, and SQS's group blocking keeps each
/// group in order across retries.
/// </summary>
public sealed class SqsEventSourceMapping
{
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IQueueService queues;
    private readonly QueueMappingDefinition definition;
    private readonly ISqsFunction function;
    private readonly TimeProvider time;
    private readonly ILogger<SqsEventSourceMapping> logger;
    private readonly PollerLoop loop;
    private readonly string queueArn;
    private readonly string region;
    private int inFlight;

    /// <summary>The queue must exist already (its ARN goes into every record).</summary>
    public SqsEventSourceMapping(
        IQueueService queues,
        QueueMappingDefinition definition,
        ISqsFunction function,
        TimeProvider time,
        ILogger<SqsEventSourceMapping> logger,
        TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var maxBatchSize = definition.Queue.EndsWith(".fifo", StringComparison.Ordinal) ? 10 : 10_000;
        if (definition.BatchSize < 1 || definition.BatchSize > maxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(definition),
                $"Mapping {definition.Function} ← {definition.Queue}: BatchSize must be 1-{maxBatchSize}, got {definition.BatchSize}.");
        }

        this.queues = queues;
        this.definition = definition;
        this.function = function;
        this.time = time;
        this.logger = logger;
        var interval = pollInterval ?? DefaultPollInterval;
        loop = new PollerLoop($"{definition.Queue} for {definition.Function}", time, logger, interval, interval);
        queueArn = queues.GetQueueArn(definition.Queue);
        region = queueArn.Split(':')[3];
    }

    /// <summary>Messages handed to the function and not yet settled (deleted or left for retry).</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>The queue and the function, as <c>queue → function</c>.</summary>
    public string Name => $"{definition.Queue} → {definition.Function}";

    /// <summary>
    /// True when the queue holds nothing: no visible, delayed or in-flight message (a message
    /// handed to the function stays in flight until it is deleted; a failed one waiting out its
    /// visibility timeout is work still to do). A poll that finds nothing does not make it busy, so
    /// many mappings polling at once are all idle together.
    /// </summary>
    public bool IsIdle => queues.GetStats(definition.Queue).Total == 0;

    /// <summary>One receive and one invocation; returns how many messages the function was given.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken) =>
        (await PollAsync(cancellationToken)).Handled;

    /// <summary>Polls until cancelled; pauses after an empty or partly failed poll until a message arrives or the poll interval passes.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        queues.MessageAvailable += OnMessageAvailable;
        try
        {
            await loop.RunAsync(async ct =>
            {
                var (handled, failed) = await PollAsync(ct);
                return handled > 0 && !failed;
            }, cancellationToken);
        }
        finally
        {
            queues.MessageAvailable -= OnMessageAvailable;
        }
    }

    private async Task<(int Handled, bool Failed)> PollAsync(CancellationToken cancellationToken)
    {
        var messages = Receive();
        if (messages.Count == 0)
        {
            return (0, false);
        }

        Interlocked.Add(ref inFlight, messages.Count);
        try
        {
            var succeeded = await InvokeAsync(messages, cancellationToken);
            Delete(succeeded);
            return (messages.Count, succeeded.Count < messages.Count);
        }
        finally
        {
            Interlocked.Add(ref inFlight, -messages.Count);
        }
    }

    private List<ReceivedMessage> Receive()
    {
        // SQS returns at most 10 per receive; larger standard batches are gathered from several.
        var batch = new List<ReceivedMessage>();
        while (batch.Count < definition.BatchSize)
        {
            var wanted = Math.Min(10, definition.BatchSize - batch.Count);
            var received = queues.ReceiveMessages(definition.Queue, wanted);
            batch.AddRange(received);
            if (received.Count < wanted)
            {
                break;
            }
        }

        return batch;
    }

    /// <summary>Returns the messages to delete: all on success, none on failure, the rest after a valid partial response.</summary>
    private async Task<List<ReceivedMessage>> InvokeAsync(List<ReceivedMessage> messages, CancellationToken cancellationToken)
    {
        SQSBatchResponse? response;
        try
        {
            response = await function.HandleAsync(ToEvent(messages), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "{Function} failed on a batch of {Count} from {Queue}; the batch will be retried after its visibility timeout",
                definition.Function, messages.Count, definition.Queue);
            return [];
        }

        if (!definition.ReportBatchItemFailures || response?.BatchItemFailures is not { Count: > 0 } failures)
        {
            return messages;
        }

        var ids = messages.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
        // An empty or unknown itemIdentifier makes Lambda treat the whole batch as failed (with-sqs).
        if (failures.FirstOrDefault(f => string.IsNullOrEmpty(f.ItemIdentifier) || !ids.Contains(f.ItemIdentifier)) is { } invalid)
        {
            logger.LogError("{Function} returned an invalid batch item failure \"{ItemIdentifier}\" for {Queue}; the whole batch will be retried",
                definition.Function, invalid.ItemIdentifier, definition.Queue);
            return [];
        }

        var failed = failures.Select(f => f.ItemIdentifier!).ToHashSet(StringComparer.Ordinal);
        return messages.Where(m => !failed.Contains(m.MessageId)).ToList();
    }

    private void Delete(List<ReceivedMessage> messages)
    {
        foreach (var message in messages)
        {
            try
            {
                queues.DeleteMessage(definition.Queue, message.ReceiptHandle);
            }
            catch (QueueException exception)
            {
                // On FIFO a handle whose visibility ran out cannot delete: the message comes back,
                // which at-least-once delivery allows and idempotent handlers absorb.
                logger.LogWarning(exception, "Could not delete message {MessageId} from {Queue}", message.MessageId, definition.Queue);
            }
        }
    }

    private SQSEvent ToEvent(List<ReceivedMessage> messages) => new()
    {
        Records = messages.ConvertAll(m => new SQSEvent.SQSMessage
        {
            MessageId = m.MessageId,
            ReceiptHandle = m.ReceiptHandle,
            Body = m.Body,
            Md5OfBody = Md5(m.Body),
            Attributes = new Dictionary<string, string>(m.Attributes),
            MessageAttributes = m.MessageAttributes.ToDictionary(
                a => a.Key,
                a => new SQSEvent.MessageAttribute { StringValue = a.Value, DataType = "String" }),
            EventSource = "aws:sqs",
            EventSourceArn = queueArn,
            AwsRegion = region,
        }),
    };

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "SQS defines md5OfBody as an MD5 digest; it is a checksum, not security.")]
    private static string Md5(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    private void OnMessageAvailable(string queueName)
    {
        if (queueName == definition.Queue)
        {
            loop.Wake();
        }
    }
}
