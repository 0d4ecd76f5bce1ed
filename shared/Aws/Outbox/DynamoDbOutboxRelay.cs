using System.Text;
using Microsoft.Extensions.Logging;
using Razors.Aws.DynamoDb;
using Razors.Aws.EventBridge;
using Razors.Lambda.Events;
using Razors.Messaging;

namespace Razors.Aws.Outbox;

/// <summary>Where and how the relay publishes.</summary>
public sealed record OutboxRelayOptions(string EventBusName)
{
    /// <summary>PutEvents entry size limit: 256 KB per the user guide; AWS raised it to 1 MB in 2026.</summary>
    public int MaxEntrySizeBytes { get; init; } = 256 * 1024;

    /// <summary>PutEvents calls per batch for the entries that keep failing, before the batch is handed back to the mapping.</summary>
    public int MaxPutAttempts { get; init; } = 4;

    /// <summary>First pause between attempts; doubles each time.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);
}

/// <summary>
/// The stream function of a DynamoDB-backed service: turns committed outbox items into
/// EventBridge events. Only the relay publishes; handlers only write outbox items.
/// </summary>
/// <remarks>
/// Order of failure handling: entries that fail are retried alone (never the whole call, so a
/// retry cannot duplicate the ones that went through). Whatever still fails is reported as batch
/// item failures; the mapping then resumes from the lowest failed sequence number, bisects, and
/// finally sends the batch coordinates to the relay's DLQ. Records already published may be
/// published again on that path: consumers deduplicate on <c>metadata.eventId</c>.
/// </remarks>
public sealed partial class DynamoDbOutboxRelay(
    IEventPublisher eventBridge,
    OutboxRelayOptions options,
    TimeProvider time,
    ILogger<DynamoDbOutboxRelay> logger) : IDynamoDbStreamFunction
{
    /// <summary>PutEvents takes at most 10 entries.</summary>
    public const int MaxEntriesPerCall = 10;

    public async Task<StreamsEventResponse> HandleAsync(DynamoDBEvent batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var pending = new List<(string SequenceNumber, PutEventsRequestEntry Entry)>();
        var failed = new List<string>();
        foreach (var record in batch.Records)
        {
            var sequenceNumber = record.Dynamodb?.SequenceNumber ?? "";
            if (!TryReadOutbox(record, out var entry, out var problem))
            {
                if (problem is not null)
                {
                    // A malformed outbox item can never succeed: hand it to the mapping's DLQ path.
                    LogUnreadable(logger, sequenceNumber, problem);
                    failed.Add(sequenceNumber);
                }

                continue;
            }

            var size = EntrySize(entry);
            if (size > options.MaxEntrySizeBytes)
            {
                using var scope = EventLogScope.Begin(logger, sequenceNumber, entry.Detail);
                LogTooLarge(logger, sequenceNumber, size, options.MaxEntrySizeBytes);
                failed.Add(sequenceNumber);
                continue;
            }

            pending.Add((sequenceNumber, entry));
        }

        var startedAt = time.GetUtcNow();
        var toPut = pending;
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            pending = await PutAllAsync(pending, cancellationToken);
            if (pending.Count == 0 || attempt >= options.MaxPutAttempts)
            {
                break;
            }

            var delay = options.RetryBaseDelay * Math.Pow(2, attempt - 1);
            await Task.Delay(delay, time, cancellationToken);
        }

        failed.AddRange(pending.Select(p => p.SequenceNumber));
        var now = time.GetUtcNow();
        foreach (var (_, entry) in toPut.Except(pending))
        {
            RazorsTelemetry.Relayed(nameof(DynamoDbOutboxRelay), options.EventBusName, entry.DetailType, entry.Detail, startedAt, now);
        }

        return new StreamsEventResponse
        {
            BatchItemFailures = [.. failed.Select(s => new StreamsEventResponse.BatchItemFailure { ItemIdentifier = s })],
        };
    }

    /// <summary>Puts every entry, in chunks that respect the entry-count and size limits; returns the ones that failed.</summary>
    private async Task<List<(string SequenceNumber, PutEventsRequestEntry Entry)>> PutAllAsync(
        List<(string SequenceNumber, PutEventsRequestEntry Entry)> entries,
        CancellationToken cancellationToken)
    {
        var stillFailing = new List<(string, PutEventsRequestEntry)>();
        foreach (var chunk in Chunk(entries))
        {
            PutEventsResponse response;
            try
            {
                response = await eventBridge.PutEventsAsync(new PutEventsRequest { Entries = [.. chunk.Select(c => c.Entry)] }, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPutFailed(logger, chunk.Count, ex.Message);
                stillFailing.AddRange(chunk);
                continue;
            }

            for (var i = 0; i < chunk.Count; i++)
            {
                var result = i < response.Entries.Count ? response.Entries[i] : null;
                if (result?.EventId is null)
                {
                    using var scope = EventLogScope.Begin(logger, chunk[i].SequenceNumber, chunk[i].Entry.Detail);
                    LogEntryFailed(logger, chunk[i].SequenceNumber, result?.ErrorCode ?? "Missing", result?.ErrorMessage ?? "no result entry");
                    stillFailing.Add(chunk[i]);
                }
            }
        }

        return stillFailing;
    }

    /// <summary>
    /// Chunks of at most 10 entries whose total size stays under the per-call limit (the same
    /// number as the entry limit: PutEvents caps the whole request too).
    /// </summary>
    private IEnumerable<List<(string SequenceNumber, PutEventsRequestEntry Entry)>> Chunk(
        List<(string SequenceNumber, PutEventsRequestEntry Entry)> entries)
    {
        var chunk = new List<(string, PutEventsRequestEntry)>();
        var chunkSize = 0;
        foreach (var item in entries)
        {
            var size = EntrySize(item.Entry);
            if (chunk.Count == MaxEntriesPerCall || (chunk.Count > 0 && chunkSize + size > options.MaxEntrySizeBytes))
            {
                yield return chunk;
                chunk = [];
                chunkSize = 0;
            }

            chunk.Add(item);
            chunkSize += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>EventBridge's entry size: Time (14 bytes if set) + Source + DetailType + Detail + Resources, in UTF-8.</summary>
    public static int EntrySize(PutEventsRequestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var size = entry.Time is null ? 0 : 14;
        size += Encoding.UTF8.GetByteCount(entry.Source ?? "");
        size += Encoding.UTF8.GetByteCount(entry.DetailType ?? "");
        size += Encoding.UTF8.GetByteCount(entry.Detail ?? "");
        foreach (var resource in entry.Resources ?? [])
        {
            size += Encoding.UTF8.GetByteCount(resource);
        }

        return size;
    }

    /// <summary>
    /// Reads an outbox INSERT. Anything else (state items, modifications, TTL removals) is not an
    /// event and is skipped without a problem; the cloud mapping filters them out before the call.
    /// </summary>
    private bool TryReadOutbox(DynamodbStreamRecord record, out PutEventsRequestEntry entry, out string? problem)
    {
        entry = null!;
        problem = null;
        var image = record.Dynamodb?.NewImage;
        if (record.EventName != "INSERT" || image is null || image.GetValueOrDefault(OutboxItem.Kind)?.S != OutboxItem.KindValue)
        {
            return false;
        }

        var source = image.GetValueOrDefault(OutboxItem.Source)?.S;
        var detailType = image.GetValueOrDefault(OutboxItem.DetailType)?.S;
        var detail = image.GetValueOrDefault(OutboxItem.Detail)?.S;
        if (string.IsNullOrEmpty(source) || string.IsNullOrEmpty(detailType) || string.IsNullOrEmpty(detail))
        {
            problem = $"outbox item lacks {OutboxItem.Source}, {OutboxItem.DetailType} or {OutboxItem.Detail}";
            return false;
        }

        entry = new PutEventsRequestEntry
        {
            EventBusName = options.EventBusName,
            Source = source,
            DetailType = detailType,
            Detail = detail,
        };
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox record {SequenceNumber} is unreadable: {Problem}")]
    private static partial void LogUnreadable(ILogger logger, string sequenceNumber, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox record {SequenceNumber} is {Size} bytes, over the PutEvents entry limit of {Limit}")]
    private static partial void LogTooLarge(ILogger logger, string sequenceNumber, int size, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PutEvents of {Count} entries failed: {Error}")]
    private static partial void LogPutFailed(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PutEvents entry for record {SequenceNumber} failed: {ErrorCode} {ErrorMessage}")]
    private static partial void LogEntryFailed(ILogger logger, string sequenceNumber, string errorCode, string errorMessage);
}
