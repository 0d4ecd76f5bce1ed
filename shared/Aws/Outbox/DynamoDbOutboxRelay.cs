using System.Text;
using System.Text.Json.Nodes;
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

/// <summary>An outbox item to relay: its image and the id failures are reported by (a stream sequence number, or the item key in a sweep).</summary>
public sealed record OutboxCandidate(string Id, Dictionary<string, AttributeValue>? Image);

/// <summary>
/// The stream function of a DynamoDB-backed service: turns committed outbox items into
/// EventBridge events, and records in the outbox that they are on the bus. Only the relay (and the
/// <see cref="OutboxSweeper"/>, through the same code) publishes; handlers only write outbox items.
/// </summary>
/// <remarks>
/// Entries that fail are retried alone (never the whole call, so a retry cannot duplicate the
/// ones that went through). Whatever still fails is reported as batch item failures, and the
/// mapping retries it without a bound: a transient failure (throttling, an outage) never loses an
/// event. A record that can never succeed (unreadable, over the entry size limit) is sent whole
/// to the relay's DLQ with the reason and leaves the line, so it blocks nothing behind it.
/// Published records leave the pending index; a record whose marking failed stays pending and is
/// published again by a sweep, which consumers absorb: they deduplicate on <c>metadata.eventId</c>.
/// </remarks>
public sealed partial class DynamoDbOutboxRelay(
    IEventPublisher eventBridge,
    IOutboxLedger ledger,
    IDeadLetterQueue deadLetters,
    OutboxRelayOptions options,
    TimeProvider time,
    ILogger<DynamoDbOutboxRelay> logger) : IDynamoDbStreamFunction
{
    /// <summary>PutEvents takes at most 10 entries.</summary>
    public const int MaxEntriesPerCall = 10;

    public async Task<StreamsEventResponse> HandleAsync(DynamoDBEvent batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);

        // Anything but an outbox INSERT (state items, modifications, TTL removals) is not an event;
        // the cloud mapping filters those out before the call.
        var candidates = batch.Records
            .Where(r => r.EventName == "INSERT" && r.Dynamodb?.NewImage?.GetValueOrDefault(OutboxItem.Kind)?.S == OutboxItem.KindValue)
            .Select(r => new OutboxCandidate(r.Dynamodb!.SequenceNumber ?? "", r.Dynamodb.NewImage))
            .ToList();
        var failed = await RelayAsync(candidates, cancellationToken);
        return new StreamsEventResponse
        {
            BatchItemFailures = [.. failed.Select(s => new StreamsEventResponse.BatchItemFailure { ItemIdentifier = s })],
        };
    }

    /// <summary>
    /// Publishes the outbox items, marks them published, dead-letters those that can never be
    /// published; returns the ids of the ones to try again.
    /// </summary>
    public async Task<IReadOnlyList<string>> RelayAsync(IReadOnlyList<OutboxCandidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var pending = new List<(string Id, string? Key, PutEventsRequestEntry Entry)>();
        var failed = new List<string>();
        foreach (var candidate in candidates)
        {
            var key = candidate.Image?.GetValueOrDefault(OutboxItem.PartitionKey)?.S;
            if (!TryReadOutbox(candidate.Image, out var entry, out var problem))
            {
                LogUnreadable(logger, candidate.Id, problem);
                await DeadLetterAsync(candidate, key, $"Unreadable outbox record: {problem}", failed, cancellationToken);
                continue;
            }

            var size = EntrySize(entry);
            if (size > options.MaxEntrySizeBytes)
            {
                using var scope = EventLogScope.Begin(logger, candidate.Id, entry.Detail);
                LogTooLarge(logger, candidate.Id, size, options.MaxEntrySizeBytes);
                await DeadLetterAsync(candidate, key, $"Outbox record is {size} bytes, over the PutEvents entry limit of {options.MaxEntrySizeBytes}", failed, cancellationToken);
                continue;
            }

            pending.Add((candidate.Id, key, entry));
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

        failed.AddRange(pending.Select(p => p.Id));
        var published = toPut.Except(pending).ToList();
        var now = time.GetUtcNow();
        foreach (var (_, _, entry) in published)
        {
            RazorsTelemetry.Relayed(nameof(DynamoDbOutboxRelay), options.EventBusName, entry.DetailType, entry.Detail, startedAt, now);
        }

        await Task.WhenAll(published.Where(p => p.Key is not null).Select(p => MarkPublishedAsync(p.Key!, cancellationToken)));
        return failed;
    }

    private async Task MarkPublishedAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await ledger.MarkPublishedAsync(key, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The event is on the bus; the record stays pending and a sweep publishes it again,
            // which consumers absorb. Failing the batch instead would publish the whole batch again.
            LogMarkFailed(logger, key, e.Message);
        }
    }

    /// <summary>Sends the record to the DLQ and takes it out of the pending index; a failed send is retried like a failed put.</summary>
    private async Task DeadLetterAsync(OutboxCandidate candidate, string? key, string reason, List<string> failed, CancellationToken cancellationToken)
    {
        try
        {
            await deadLetters.SendAsync(new DeadLetter(DeadLetterBody(candidate, reason), reason), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeadLetterFailed(logger, candidate.Id, e.Message);
            failed.Add(candidate.Id);
            return;
        }

        if (key is not null)
        {
            try
            {
                await ledger.MarkDeadLetteredAsync(key, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // It stays pending: a sweep dead-letters it again, and the DLQ holds two copies.
                LogMarkFailed(logger, key, e.Message);
            }
        }
    }

    /// <summary>The whole stored record (every string and number attribute) with the reason.</summary>
    private static string DeadLetterBody(OutboxCandidate candidate, string reason)
    {
        var item = new JsonObject();
        foreach (var (name, value) in candidate.Image ?? [])
        {
            item[name] = value.S ?? value.N;
        }

        return new JsonObject { ["reason"] = reason, ["id"] = candidate.Id, ["item"] = item }.ToJsonString();
    }

    /// <summary>Puts every entry, in chunks that respect the entry-count and size limits; returns the ones that failed.</summary>
    private async Task<List<(string Id, string? Key, PutEventsRequestEntry Entry)>> PutAllAsync(
        List<(string Id, string? Key, PutEventsRequestEntry Entry)> entries,
        CancellationToken cancellationToken)
    {
        var stillFailing = new List<(string, string?, PutEventsRequestEntry)>();
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
                    using var scope = EventLogScope.Begin(logger, chunk[i].Id, chunk[i].Entry.Detail);
                    LogEntryFailed(logger, chunk[i].Id, result?.ErrorCode ?? "Missing", result?.ErrorMessage ?? "no result entry");
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
    private IEnumerable<List<(string Id, string? Key, PutEventsRequestEntry Entry)>> Chunk(
        List<(string Id, string? Key, PutEventsRequestEntry Entry)> entries)
    {
        var chunk = new List<(string, string?, PutEventsRequestEntry)>();
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

    /// <summary>The bus entry of an outbox item; false with the problem when it lacks what an entry needs.</summary>
    private bool TryReadOutbox(Dictionary<string, AttributeValue>? image, out PutEventsRequestEntry entry, out string problem)
    {
        entry = null!;
        problem = "";
        var source = image?.GetValueOrDefault(OutboxItem.Source)?.S;
        var detailType = image?.GetValueOrDefault(OutboxItem.DetailType)?.S;
        var detail = image?.GetValueOrDefault(OutboxItem.Detail)?.S;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox record {Key} is on the bus but could not be marked so; a sweep will publish it again: {Error}")]
    private static partial void LogMarkFailed(ILogger logger, string key, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox record {SequenceNumber} could not be sent to the DLQ; it will be tried again: {Error}")]
    private static partial void LogDeadLetterFailed(ILogger logger, string sequenceNumber, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PutEvents of {Count} entries failed: {Error}")]
    private static partial void LogPutFailed(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PutEvents entry for record {SequenceNumber} failed: {ErrorCode} {ErrorMessage}")]
    private static partial void LogEntryFailed(ILogger logger, string sequenceNumber, string errorCode, string errorMessage);
}
