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
/// On a FIFO queue Lambda must be told about the first failure and every message after it
/// (Lambda Developer Guide, "with-sqs": partial batch responses on FIFO), or a later message of
/// the failed one's group would be deleted ahead of it. So the relay stops at the first message
/// that cannot be published and reports it and every later message it has not published. Later
/// entries of the PutEvents call that failed may have gone through: they are of other groups whose
/// earlier messages are all on the bus, so they are not reported, or the retry would publish them
/// again. A message that keeps failing reaches the queue's DLQ after its <c>maxReceiveCount</c>.
/// </remarks>
public sealed partial class FifoOutboxRelay(
    IEventPublisher eventBridge,
    OutboxRelayOptions options,
    TimeProvider time,
    ILogger<FifoOutboxRelay> logger) : ISqsFunction
{
    private const string MessageGroupIdAttribute = "MessageGroupId";

    public async Task<SQSBatchResponse> HandleAsync(SQSEvent batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var messages = batch.Records;
        var readable = new List<Entry>(messages.Count);
        foreach (var message in messages)
        {
            if (!TryRead(message, readable.Count, out var entry))
            {
                break;
            }

            readable.Add(entry);
        }

        // Every message before firstFailure is on the bus, and so is every one in published.
        var firstFailure = readable.Count;
        var published = new HashSet<int>();
        var startedAt = time.GetUtcNow();
        foreach (var chunk in Chunk(readable))
        {
            var failed = await PutAsync(chunk, cancellationToken);
            if (failed.Count > 0)
            {
                firstFailure = failed[0].Index;
                published.UnionWith(chunk.Except(failed).Select(e => e.Index));
                break;
            }
        }

        var now = time.GetUtcNow();
        foreach (var entry in readable.Where(e => e.Index < firstFailure || published.Contains(e.Index)))
        {
            RazorsTelemetry.Relayed(nameof(FifoOutboxRelay), options.EventBusName, entry.Request.DetailType, entry.Request.Detail, startedAt, now);
        }

        return new SQSBatchResponse
        {
            BatchItemFailures =
            [
                .. messages
                    .Select((message, index) => (message, index))
                    .Where(m => m.index >= firstFailure && !published.Contains(m.index))
                    .Select(m => new SQSBatchResponse.BatchItemFailure { ItemIdentifier = m.message.MessageId }),
            ],
        };
    }

    /// <summary>
    /// Consecutive entries, at most 10 and within the size limit per PutEvents call, and at most
    /// one per message group: entries of one call succeed or fail independently, so two of a group
    /// in one call could reach the bus out of order.
    /// </summary>
    private IEnumerable<List<Entry>> Chunk(List<Entry> entries)
    {
        var chunk = new List<Entry>();
        var groups = new HashSet<string>(StringComparer.Ordinal);
        var chunkSize = 0;
        foreach (var entry in entries)
        {
            if (chunk.Count == DynamoDbOutboxRelay.MaxEntriesPerCall
                || (chunk.Count > 0 && chunkSize + entry.Size > options.MaxEntrySizeBytes)
                || groups.Contains(entry.Group))
            {
                yield return chunk;
                chunk = [];
                groups.Clear();
                chunkSize = 0;
            }

            chunk.Add(entry);
            groups.Add(entry.Group);
            chunkSize += entry.Size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
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

    /// <summary>The bus entry of a message; false (and logged) when it can never be published.</summary>
    private bool TryRead(SQSEvent.SQSMessage message, int index, out Entry entry)
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
            return false;
        }

        var request = new PutEventsRequestEntry { EventBusName = options.EventBusName, Source = source, DetailType = detailType, Detail = detail };
        var size = DynamoDbOutboxRelay.EntrySize(request);
        if (size > options.MaxEntrySizeBytes)
        {
            using var scope = EventLogScope.Begin(logger, messageId, detail);
            LogTooLarge(logger, messageId, size, options.MaxEntrySizeBytes);
            return false;
        }

        entry = new Entry(index, messageId, message.Attributes.GetValueOrDefault(MessageGroupIdAttribute) ?? "", request, size);
        return true;
    }

    private sealed record Entry(int Index, string MessageId, string Group, PutEventsRequestEntry Request, int Size);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} is unreadable: {Problem}")]
    private static partial void LogUnreadable(ILogger logger, string messageId, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} is {Size} bytes, over the PutEvents entry limit of {Limit}")]
    private static partial void LogTooLarge(ILogger logger, string messageId, int size, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PutEvents of {Count} entries failed: {Error}")]
    private static partial void LogPutFailed(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PutEvents entry for outbox message {MessageId} failed: {ErrorCode} {ErrorMessage}")]
    private static partial void LogEntryFailed(ILogger logger, string messageId, string errorCode, string errorMessage);
}
