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
}

/// <summary>
/// Tails the outbox change stream and sends each committed record to the FIFO queue (group =
/// payment, deduplication = event id, see <see cref="FifoOutboxMessage"/>), saving the resume
/// token only after the queue accepted the record.
/// </summary>
/// <remarks>
/// Whatever fails (opening the stream, a send, saving the token), the worker logs it, backs off,
/// and reopens the stream after the last saved token, so the record that failed is the next one
/// sent: nothing is skipped or dropped. A record sent but not yet saved is sent again after a
/// failure or a restart; the queue's deduplication (5 minutes on the event id) and the consumers'
/// inbox absorb that.
/// </remarks>
public sealed partial class OutboxChangeWorker(
    IOutboxChanges changes,
    IResumeTokenStore tokens,
    IOutboxQueue queue,
    OutboxChangeWorkerOptions options,
    TimeProvider time,
    ILogger<OutboxChangeWorker> logger)
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then throws <see cref="OperationCanceledException"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            OutboxRecord? current = null;
            try
            {
                var resumeAfter = await tokens.LoadAsync(options.ConsumerName, cancellationToken);
                LogWatching(logger, resumeAfter ?? "the beginning");
                await foreach (var change in changes.WatchAsync(resumeAfter, cancellationToken))
                {
                    current = change.Record;
                    var startedAt = time.GetUtcNow();
                    await queue.SendAsync(FifoOutboxMessage.From(change.Record), cancellationToken);
                    await tokens.SaveAsync(options.ConsumerName, change.ResumeToken, cancellationToken);
                    RazorsTelemetry.Forwarded(nameof(OutboxChangeWorker), "outbox-queue", change.Record.DetailType, change.Record.Detail, startedAt);
                    LogSent(logger, change.Record.EventId, change.Record.AggregateId);
                    current = null;
                    failures = 0;
                }

                LogStreamEnded(logger);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures++;
                LogFailed(logger, e, current?.EventId.ToString() ?? "none", failures, Backoff(failures));
            }

            await Task.Delay(Backoff(failures), time, cancellationToken);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var delay = options.RetryBaseDelay * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching the outbox after {ResumeToken}")]
    private static partial void LogWatching(ILogger logger, string resumeToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent event {EventId} of payment {PaymentId} to the FIFO queue")]
    private static partial void LogSent(ILogger logger, Guid eventId, string paymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox change stream ended; reopening it after the saved token")]
    private static partial void LogStreamEnded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Relaying the outbox failed (event being sent: {EventId}, failure {Failures} in a row); resuming after the saved token in {Delay}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string eventId, int failures, TimeSpan delay);
}
