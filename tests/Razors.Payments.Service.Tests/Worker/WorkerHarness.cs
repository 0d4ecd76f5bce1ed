using Microsoft.Extensions.Logging.Abstractions;
using Razors.Contracts;
using Razors.Messaging.Outbox;
using Razors.Payments.Features.RelayOutbox;
using Razors.Payments.Service.Tests.Fakes;
using Razors.Testing;

namespace Razors.Payments.Service.Tests.Worker;

/// <summary>
/// An outbox change stream, a token store and a FIFO queue, all in memory, and workers over them
/// that run in the background until stopped, as a process would until it is killed.
/// </summary>
internal sealed class WorkerHarness : IAsyncDisposable
{
    public static readonly OutboxChangeWorkerOptions Options = new() { RetryBaseDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(5) };

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private CancellationTokenSource? running;
    private Task? run;

    public InMemoryOutboxChanges Changes { get; } = new();

    public InMemoryResumeTokenStore Tokens { get; } = new();

    public RecordingDeadLetters DeadLetters { get; } = new();

    public string? SavedToken => Tokens[Options.ConsumerName];

    /// <summary>Event ids of the messages <paramref name="queue"/> accepted, in order.</summary>
    public static Guid[] EventIds(RecordingOutboxQueue queue) => [.. queue.Sent.Select(m => Guid.Parse(m.MessageDeduplicationId))];

    /// <summary>A record committed at <paramref name="occurredAt"/>, by default now: inside the sweep's grace period.</summary>
    public static OutboxRecord Record(Guid paymentId, long version = 1, DateTimeOffset? occurredAt = null) => OutboxRecord.Create(
        new PaymentCancelled { PaymentId = paymentId, SubscriptionId = Guid.CreateVersion7(), Reason = "CustomerRequested" },
        new EventMetadata
        {
            EventId = Guid.CreateVersion7(), EventType = EventTypes.PaymentCancelled.Id, OccurredAt = occurredAt ?? TimeProvider.System.GetUtcNow(),
            CorrelationId = "saga-7", AggregateId = paymentId.ToString(), AggregateVersion = version,
        });

    public void Start(RecordingOutboxQueue queue, OutboxChangeWorkerOptions? options = null)
    {
        if (running is not null)
        {
            throw new InvalidOperationException("A worker is running; stop it first.");
        }

        var worker = new OutboxChangeWorker(Changes, Tokens, Changes, queue, DeadLetters, options ?? Options, TimeProvider.System, NullLogger<OutboxChangeWorker>.Instance);
        running = new CancellationTokenSource();
        run = Task.Run(() => worker.RunAsync(running.Token), TestContext.Current.CancellationToken);
    }

    /// <summary>Stops the running worker; it must end by cancellation, not by a fault.</summary>
    public async Task StopAsync()
    {
        if (running is null || run is null)
        {
            return;
        }

        await running.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        running.Dispose();
        running = null;
        run = null;
    }

    public static Task UntilAsync(Func<bool> condition, string what) =>
        Eventually.TrueAsync(condition, Deadline, what, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync();
}
