using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Razors.Messaging;
using Razors.Messaging.Outbox;
using Razors.Payments.Ports;

namespace Razors.Payments.Features.RelayOutbox;

/// <summary>Settings of <see cref="OutboxChangeWorker"/>.</summary>
public sealed record OutboxChangeWorkerOptions
{
    /// <summary>Whose resume token this is in the <see cref="IResumeTokenStore"/>.</summary>
    public string ConsumerName { get; init; } = "razors-payments-outbox-worker";

    /// <summary>First pause after a failure; doubles with each consecutive failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries at a document that can never be read or sent before it goes to the outbox DLQ.</summary>
    public int MaxPoisonAttempts { get; init; } = 5;

    /// <summary>
    /// SQS's message size limit, 256 KiB
    /// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html):
    /// a larger body is refused on every send.
    /// </summary>
    public int MaxMessageBytes { get; init; } = 256 * 1024;

    /// <summary>
    /// A pending document younger than this is left to the stream at a sweep: the stream normally
    /// sends it within a second, and older and still pending means that path failed somewhere.
    /// </summary>
    public TimeSpan SweepGracePeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Between two sweeps; the first runs when the worker starts.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Tails the outbox change stream and sends each committed record to the FIFO queue (group =
/// payment, deduplication = event id, see <see cref="FifoOutboxMessage"/>), marks it sent in the
/// pending outbox, and saves the resume token only after the queue accepted the record.
/// </summary>
/// <remarks>
/// Whatever fails (opening the stream, a send, saving the token), the worker logs it, backs off,
/// and reopens the stream after the last saved token, so the record that failed is the next one
/// sent: nothing is skipped or dropped. A record sent but not yet saved or marked is sent again
/// after a failure, a restart or by a sweep; the queue's deduplication (5 minutes on the event id)
/// and the consumers' inbox absorb that. Three more paths keep every committed record on its way:
/// <list type="bullet">
/// <item>a sweep, at start and every <see cref="OutboxChangeWorkerOptions.SweepInterval"/>, sends
/// again what is still pending after the grace period (a crash between the send and the mark, a
/// send lost while the stream moved on);</item>
/// <item>when the stream's history no longer holds the saved token, the worker raises the
/// <c>razors.outbox.history_gaps</c> counter, logs an error, takes a token for now, sends every
/// pending document in commit order, saves that token and carries on from it;</item>
/// <item>a document that can never be read or sent (unreadable, over the SQS message limit) is
/// tried <see cref="OutboxChangeWorkerOptions.MaxPoisonAttempts"/> times, then sent to the outbox
/// DLQ with the reason and marked dead-lettered, so it blocks nothing behind it.</item>
/// </list>
/// </remarks>
public sealed partial class OutboxChangeWorker(
    IOutboxChanges changes,
    IResumeTokenStore tokens,
    IPendingOutbox pending,
    IOutboxQueue queue,
    IDeadLetterQueue deadLetters,
    OutboxChangeWorkerOptions options,
    TimeProvider time,
    ILogger<OutboxChangeWorker> logger)
{
    /// <summary>Tries at poison documents so far, by document id; one worker runs at a time, so a restart starts over.</summary>
    private readonly Dictionary<string, int> poisonAttempts = new(StringComparer.Ordinal);

    /// <summary>
    /// Poison this worker has dead-lettered, so the stream passes over a document a sweep already
    /// sent to the DLQ; after a restart it is sent there again, and the DLQ holds two copies.
    /// </summary>
    private readonly HashSet<string> deadLettered = new(StringComparer.Ordinal);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then throws <see cref="OperationCanceledException"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        var historyLost = false;
        var nextSweep = time.GetUtcNow();
        while (true)
        {
            OutboxDocument? current = null;
            CancellationTokenSource? untilSweep = null;
            try
            {
                if (historyLost)
                {
                    await RecoverAsync(cancellationToken);
                    historyLost = false;
                }

                if (time.GetUtcNow() >= nextSweep)
                {
                    await SweepAsync(time.GetUtcNow() - options.SweepGracePeriod, cancellationToken);
                    nextSweep = time.GetUtcNow() + options.SweepInterval;
                }

                var resumeAfter = await tokens.LoadAsync(options.ConsumerName, cancellationToken);
                LogWatching(logger, resumeAfter ?? "the beginning");

                // Only the wait for the next change ends at the sweep; a send or a save in progress does not.
                untilSweep = new CancellationTokenSource(Until(nextSweep), time);
                using var watch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, untilSweep.Token);
                await foreach (var change in changes.WatchAsync(resumeAfter, watch.Token))
                {
                    current = change.Document;
                    await RelayAsync(change.Document, cancellationToken);
                    await tokens.SaveAsync(options.ConsumerName, change.ResumeToken, cancellationToken);
                    current = null;
                    failures = 0;
                }

                LogStreamEnded(logger);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && untilSweep?.IsCancellationRequested == true)
            {
                // Time for the periodic sweep.
                continue;
            }
            catch (OutboxHistoryLostException e)
            {
                historyLost = true;
                RazorsTelemetry.HistoryGap(nameof(OutboxChangeWorker));
                LogHistoryLost(logger, e, e.Message);
                continue;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures++;
                LogFailed(logger, e, current?.Id ?? "none", failures, Backoff(failures));
            }
            finally
            {
                untilSweep?.Dispose();
            }

            await Task.Delay(Backoff(failures), time, cancellationToken);
        }
    }

    /// <summary>
    /// Sends again every pending document committed before <paramref name="committedBefore"/> (all
    /// when null), in commit order, so each payment's events keep their order.
    /// </summary>
    private async Task SweepAsync(DateTimeOffset? committedBefore, CancellationToken cancellationToken)
    {
        var sent = 0;
        await foreach (var document in pending.PendingAsync(committedBefore, cancellationToken))
        {
            await RelayAsync(document, cancellationToken);
            sent++;
        }

        if (sent > 0)
        {
            // The stream should have sent these: a pending record past its grace period is the
            // sign of a failure on that path, worth a look even when it recovers.
            LogSwept(logger, sent, committedBefore?.ToString("O", CultureInfo.InvariantCulture) ?? "now");
        }
    }

    /// <summary>
    /// The stream lost the changes after the saved token. A token taken first and saved last means
    /// a failure or crash on the way repeats the whole recovery; what commits after the token is on
    /// the stream as well as, possibly, in the pending set, and the repeat is absorbed downstream.
    /// </summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var now = await changes.CurrentTokenAsync(cancellationToken);
        await SweepAsync(committedBefore: null, cancellationToken);
        await tokens.SaveAsync(options.ConsumerName, now, cancellationToken);
        LogRecovered(logger, now);
    }

    /// <summary>Sends the document and marks it sent, or handles it as poison; throws when it is to be tried again.</summary>
    private async Task RelayAsync(OutboxDocument document, CancellationToken cancellationToken)
    {
        var message = document.Record is { } record ? FifoOutboxMessage.From(record) : null;
        var size = message is null ? 0 : Encoding.UTF8.GetByteCount(message.Body);
        var poison = message is null ? $"Unreadable outbox document: {document.Unreadable}"
            : size > options.MaxMessageBytes ? $"Outbox record is {size} bytes, over the SQS message limit of {options.MaxMessageBytes}"
            : null;
        if (poison is not null)
        {
            await PoisonAsync(document, poison, cancellationToken);
            return;
        }

        var startedAt = time.GetUtcNow();
        await queue.SendAsync(message!, cancellationToken);
        RazorsTelemetry.Forwarded(nameof(OutboxChangeWorker), "outbox-queue", document.Record!.DetailType, document.Record.Detail, startedAt);
        LogSent(logger, document.Id, document.GroupId);
        poisonAttempts.Remove(document.Id);
        await MarkAsync(pending.MarkSentAsync, document.Id, cancellationToken);
    }

    private async Task PoisonAsync(OutboxDocument document, string reason, CancellationToken cancellationToken)
    {
        if (deadLettered.Contains(document.Id))
        {
            return;
        }

        var attempts = poisonAttempts[document.Id] = poisonAttempts.GetValueOrDefault(document.Id) + 1;
        if (attempts < options.MaxPoisonAttempts)
        {
            throw new InvalidDataException($"{reason} (try {attempts} of {options.MaxPoisonAttempts} before the outbox DLQ)");
        }

        await deadLetters.SendAsync(new DeadLetter(DeadLetterBody(document, reason), reason, document.GroupId, document.Id), cancellationToken);
        poisonAttempts.Remove(document.Id);
        deadLettered.Add(document.Id);
        LogDeadLettered(logger, document.Id, document.GroupId, reason);
        await MarkAsync(pending.MarkDeadLetteredAsync, document.Id, cancellationToken);
    }

    /// <summary>The stored document when the DLQ can take it whole; else what names it, for an operator to read it from the outbox.</summary>
    private string DeadLetterBody(OutboxDocument document, string reason)
    {
        var whole = document.Stored ?? (document.Record is { } record ? FifoOutboxMessage.From(record).Body : "");
        // The reason travels as a message attribute, which counts toward the same limit.
        if (Encoding.UTF8.GetByteCount(whole) + Encoding.UTF8.GetByteCount(reason) <= options.MaxMessageBytes)
        {
            return whole;
        }

        return new JsonObject
        {
            ["reason"] = reason,
            ["documentId"] = document.Id,
            ["paymentId"] = document.GroupId,
            ["detailType"] = document.Record?.DetailType,
            ["bytes"] = Encoding.UTF8.GetByteCount(whole),
        }.ToJsonString();
    }

    /// <summary>A failed mark is only logged: the document stays pending and a sweep sends it again, which the queue and consumers absorb.</summary>
    private async Task MarkAsync(Func<string, CancellationToken, Task> mark, string documentId, CancellationToken cancellationToken)
    {
        try
        {
            await mark(documentId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogMarkFailed(logger, documentId, e.Message);
        }
    }

    private TimeSpan Until(DateTimeOffset at)
    {
        var left = at - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private TimeSpan Backoff(int failures)
    {
        var delay = options.RetryBaseDelay * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching the outbox after {ResumeToken}")]
    private static partial void LogWatching(ILogger logger, string resumeToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent event {EventId} of payment {PaymentId} to the FIFO queue")]
    private static partial void LogSent(ILogger logger, string eventId, string paymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox change stream ended; reopening it after the saved token")]
    private static partial void LogStreamEnded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Relaying the outbox failed (document being sent: {EventId}, failure {Failures} in a row); resuming after the saved token in {Delay}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string eventId, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox change stream history gap: {Problem}; opening a fresh stream and republishing every pending outbox document")]
    private static partial void LogHistoryLost(ILogger logger, Exception exception, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovered from the history gap: every pending outbox document was sent again; watching after {ResumeToken}")]
    private static partial void LogRecovered(ILogger logger, string resumeToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox sweep: {Count} document(s) still pending, committed before {Before}, were sent again")]
    private static partial void LogSwept(ILogger logger, int count, string before);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox document {EventId} of payment {PaymentId} went to the outbox DLQ: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string eventId, string paymentId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox document {EventId} was sent but could not be marked so; a sweep will send it again: {Error}")]
    private static partial void LogMarkFailed(ILogger logger, string eventId, string error);
}
