using Microsoft.Extensions.Logging;
using Razors.Aws.EventBridge;
using Razors.Lambda.Events;
using Razors.Messaging;
using Razors.Messaging.Outbox;

namespace Razors.Aws.Outbox;

/// <summary>
/// The queue function of a service whose outbox is relayed through an SQS FIFO queue (see
/// <see cref="FifoOutboxMessage"/>): puts each message's event on the service's bus, in queue order.
/// </summary>
/// <remarks>
/// Failures stay in their message group. A message that cannot be published now is reported with
/// every later message of its group in the batch (Lambda deletes what is not reported, so a later
/// message of that group must not go ahead of it); messages of other groups go on to the bus.
/// Later entries of a PutEvents call that failed may have gone through: they are of other groups,
/// so they are not reported, or the retry would publish them again. Transient failures come back
/// after the queue's visibility timeout for as long as its <c>maxReceiveCount</c> allows (the
/// highest SQS takes; see PaymentsTopology.Outbox). A message that can never be published
/// (unreadable, over the entry size limit) goes to the outbox DLQ itself, as it was, with the
/// reason in <see cref="DeadLetter.ReasonAttribute"/>, and leaves the line.
/// </remarks>
public sealed partial class FifoOutboxRelay(
    IEventPublisher eventBridge,
    IDeadLetterQueue deadLetters,
    OutboxRelayOptions options,
    TimeProvider time,
    ILogger<FifoOutboxRelay> logger) : ISqsFunction
{
    private const string MessageGroupIdAttribute = "MessageGroupId";
    private const string MessageDeduplicationIdAttribute = "MessageDeduplicationId";

    public async Task<SQSBatchResponse> HandleAsync(SQSEvent batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var messages = batch.Records;
        var heldGroups = new HashSet<string>(StringComparer.Ordinal);
        var reported = new HashSet<int>();
        var chunk = new List<Entry>();
        var chunkGroups = new HashSet<string>(StringComparer.Ordinal);
        var chunkSize = 0;

        // Puts the chunk; whatever still fails holds its group back for the rest of the batch.
        async Task FlushAsync()
        {
            if (chunk.Count == 0)
            {
                return;
            }

            var startedAt = time.GetUtcNow();
            var failed = await PutAsync([.. chunk], cancellationToken);
            var now = time.GetUtcNow();
            foreach (var entry in chunk)
            {
                if (failed.Contains(entry))
                {
                    heldGroups.Add(entry.Group);
                    reported.Add(entry.Index);
                }
                else
                {
                    RazorsTelemetry.Relayed(nameof(FifoOutboxRelay), options.EventBusName, entry.Request.DetailType, entry.Request.Detail, startedAt, now);
                }
            }

            chunk.Clear();
            chunkGroups.Clear();
            chunkSize = 0;
        }

        for (var index = 0; index < messages.Count; index++)
        {
            var message = messages[index];
            var group = message.Attributes.GetValueOrDefault(MessageGroupIdAttribute) ?? "";
            if (heldGroups.Contains(group))
            {
                reported.Add(index);
                continue;
            }

            if (!TryRead(message, index, group, out var entry, out var problem))
            {
                // Everything before it goes first, so its group's order holds even if the DLQ refuses it.
                await FlushAsync();
                if (heldGroups.Contains(group) || !await DeadLetterAsync(message, group, problem, cancellationToken))
                {
                    heldGroups.Add(group);
                    reported.Add(index);
                }

                continue;
            }

            // At most 10 entries and the size limit per call, and one entry per group: entries of
            // one call succeed or fail independently, so two of a group could reach the bus out of order.
            if (chunk.Count == DynamoDbOutboxRelay.MaxEntriesPerCall
                || (chunk.Count > 0 && chunkSize + entry.Size > options.MaxEntrySizeBytes)
                || chunkGroups.Contains(group))
            {
                await FlushAsync();
                if (heldGroups.Contains(group))
                {
                    reported.Add(index);
                    continue;
                }
            }

            chunk.Add(entry);
            chunkGroups.Add(group);
            chunkSize += entry.Size;
        }

        await FlushAsync();
        return new SQSBatchResponse
        {
            BatchItemFailures =
            [
                .. reported.Order().Select(index => new SQSBatchResponse.BatchItemFailure { ItemIdentifier = messages[index].MessageId }),
            ],
        };
    }

    /// <summary>Sends the message, as it was, to the outbox DLQ; false when the DLQ did not take it (the message is then retried).</summary>
    private async Task<bool> DeadLetterAsync(SQSEvent.SQSMessage message, string group, string reason, CancellationToken cancellationToken)
    {
        var messageId = message.MessageId ?? "?";
        try
        {
            var deduplicationId = message.Attributes.GetValueOrDefault(MessageDeduplicationIdAttribute) ?? messageId;
            await deadLetters.SendAsync(new DeadLetter(message.Body ?? "", reason, group, deduplicationId), cancellationToken);
            LogDeadLettered(logger, messageId, reason);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeadLetterFailed(logger, messageId, e.Message);
            return false;
        }
    }

    /// <summary>
    /// Puts one chunk, retrying only the entries that failed; returns, in batch order, the entries
    /// that still fail after <see cref="OutboxRelayOptions.MaxPutAttempts"/> (empty when all went through).
    /// </summary>
    private async Task<List<Entry>> PutAsync(List<Entry> chunk, CancellationToken cancellationToken)
    {
        var pending = chunk;
        for (var attempt = 1; ; attempt++)
        {
            pending = await PutOnceAsync(pending, cancellationToken);
            if (pending.Count == 0 || attempt >= options.MaxPutAttempts)
            {
                return pending;
            }

            await Task.Delay(options.RetryBaseDelay * Math.Pow(2, attempt - 1), time, cancellationToken);
        }
    }

    /// <summary>One PutEvents call; returns the entries that failed, in batch order.</summary>
    private async Task<List<Entry>> PutOnceAsync(List<Entry> entries, CancellationToken cancellationToken)
    {
        PutEventsResponse response;
        try
        {
            response = await eventBridge.PutEventsAsync(new PutEventsRequest { Entries = [.. entries.Select(e => e.Request)] }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPutFailed(logger, entries.Count, e.Message);
            return entries;
        }

        var failed = new List<Entry>();
        for (var i = 0; i < entries.Count; i++)
        {
            var result = i < response.Entries.Count ? response.Entries[i] : null;
            if (result?.EventId is null)
            {
                using var scope = EventLogScope.Begin(logger, entries[i].MessageId, entries[i].Request.Detail);
                LogEntryFailed(logger, entries[i].MessageId, result?.ErrorCode ?? "Missing", result?.ErrorMessage ?? "no result entry");
                failed.Add(entries[i]);
            }
        }

        return failed;
    }

    /// <summary>The bus entry of a message; false, with the reason, when it can never be published.</summary>
    private bool TryRead(SQSEvent.SQSMessage message, int index, string group, out Entry entry, out string problem)
    {
        entry = null!;
        var messageId = message.MessageId ?? "?";
        string source, detailType, detail;
        try
        {
            (source, detailType, detail) = FifoOutboxMessage.ReadBody(message.Body ?? "");
        }
        catch (FormatException e)
        {
            LogUnreadable(logger, messageId, e.Message);
            problem = $"Unreadable outbox message: {e.Message}";
            return false;
        }

        var request = new PutEventsRequestEntry { EventBusName = options.EventBusName, Source = source, DetailType = detailType, Detail = detail };
        var size = DynamoDbOutboxRelay.EntrySize(request);
        if (size > options.MaxEntrySizeBytes)
        {
            using var scope = EventLogScope.Begin(logger, messageId, detail);
            LogTooLarge(logger, messageId, size, options.MaxEntrySizeBytes);
            problem = $"Outbox message is {size} bytes, over the PutEvents entry limit of {options.MaxEntrySizeBytes}";
            return false;
        }

        entry = new Entry(index, messageId, group, request, size);
        problem = "";
        return true;
    }

    private sealed record Entry(int Index, string MessageId, string Group, PutEventsRequestEntry Request, int Size);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} is unreadable: {Problem}")]
    private static partial void LogUnreadable(ILogger logger, string messageId, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} is {Size} bytes, over the PutEvents entry limit of {Limit}")]
    private static partial void LogTooLarge(ILogger logger, string messageId, int size, int limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} went to the outbox DLQ: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} could not be sent to the outbox DLQ and is retried: {Error}")]
    private static partial void LogDeadLetterFailed(ILogger logger, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PutEvents of {Count} entries failed: {Error}")]
    private static partial void LogPutFailed(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PutEvents entry for outbox message {MessageId} failed: {ErrorCode} {ErrorMessage}")]
    private static partial void LogEntryFailed(ILogger logger, string messageId, string errorCode, string errorMessage);
}
