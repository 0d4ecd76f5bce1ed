using System.Globalization;
using Microsoft.Extensions.Logging;
using Razors.LocalCloud.Queues;
using Razors.Topology;

namespace Razors.LocalCloud.Buses;

/// <summary>
/// Delivers pending deliveries, retrying under each target's retry policy and dead-lettering
/// the ones that cannot be delivered. A delivery row is deleted only after its target (or its
/// DLQ) took the event, so delivery is at-least-once across crashes.
/// </summary>
internal sealed class DeliveryDispatcher(
    BusStore store,
    TargetInvoker invoker,
    IQueueService queues,
    LocalArns arns,
    LocalEventBridgeOptions options,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    public const string MaximumRetryAttempts = nameof(RetryPolicy.MaximumRetryAttempts);
    public const string MaximumEventAgeInSeconds = nameof(RetryPolicy.MaximumEventAgeInSeconds);

    // Archives are trimmed to their retention this often; retention is counted in days.
    private static readonly TimeSpan ArchivePurgeInterval = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim passGate = new(1, 1);
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Tells <see cref="RunAsync"/> that new deliveries were committed.</summary>
    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up covers every commit before the next pass.
        }
    }

    /// <summary>
    /// One delivery at a time, oldest due first: a FIFO queue target then receives an event's
    /// first attempt in the order the events were put.
    /// </summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await passGate.WaitAsync(cancellationToken);
        try
        {
            var due = store.Due(time.GetUtcNow());
            foreach (var delivery in due)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await DispatchAsync(delivery, cancellationToken);
            }

            return due.Count;
        }
        finally
        {
            passGate.Release();
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var nextPurge = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = options.MaxIdleWait;
            try
            {
                if (time.GetUtcNow() >= nextPurge)
                {
                    store.PurgeArchives(time.GetUtcNow());
                    nextPurge = time.GetUtcNow() + ArchivePurgeInterval;
                }

                await DispatchDueAsync(cancellationToken);
                if (store.NextDueAt() is { } next)
                {
                    wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, Math.Max(0, (next - time.GetUtcNow()).Ticks)));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.PassFailed(e, wait);
            }

            if (wait > TimeSpan.Zero)
            {
                await SleepAsync(wait, cancellationToken);
            }
        }
    }

    private async Task SleepAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(wait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await wake.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Woken by the timeout: something is due.
        }
        catch (OperationCanceledException)
        {
            // Stopping; RunAsync's loop condition ends it.
        }
    }

    private async Task DispatchAsync(PendingDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.DeadLetter is not null)
        {
            DeadLetter(delivery, delivery.DeadLetter);
            return;
        }

        try
        {
            await invoker.DeliverAsync(delivery, cancellationToken);
            store.Delete(delivery.Id);
        }
        catch (TargetDeliveryException failure) when (!failure.Retriable)
        {
            // Not retried (eb-rule-dlq). AWS reports these with the attempt limit as the condition
            // and zero retries, so the DLQ message carries all six attributes either way.
            DeadLetter(delivery, new DeadLetterReason(failure.ErrorCode, failure.Message, MaximumRetryAttempts));
        }
        catch (TargetDeliveryException failure)
        {
            Retry(delivery, failure);
        }
    }

    /// <summary>
    /// Schedules the next retry, or dead-letters the event when the retry policy is spent:
    /// whichever of MaximumRetryAttempts and MaximumEventAgeInSeconds comes first (eb-rule-retry-policy).
    /// </summary>
    private void Retry(PendingDelivery delivery, TargetDeliveryException failure)
    {
        var policy = delivery.Target.RetryPolicy;
        if (delivery.RetryAttempts >= policy.MaximumRetryAttempts)
        {
            DeadLetter(delivery, new DeadLetterReason(failure.ErrorCode, failure.Message, MaximumRetryAttempts));
            return;
        }

        var now = time.GetUtcNow();
        var next = now + Backoff(delivery.RetryAttempts);
        if (next > delivery.AcceptedAt.AddSeconds(policy.MaximumEventAgeInSeconds))
        {
            DeadLetter(delivery, new DeadLetterReason(failure.ErrorCode, failure.Message, MaximumEventAgeInSeconds));
            return;
        }

        logger.RetryScheduled(delivery.RuleArn, delivery.Target.Id, failure.ErrorCode, failure.Message, delivery.RetryAttempts + 1, next);
        store.ScheduleRetry(delivery.Id, delivery.RetryAttempts + 1, next);
    }

    /// <summary>
    /// Exponential back-off with "equal jitter": half the doubled delay is fixed, half random, so
    /// retries of many events spread out without any of them retrying at once.
    /// </summary>
    private TimeSpan Backoff(int retriesSoFar)
    {
        var ceiling = Math.Min(options.RetryMaxDelay.Ticks, options.RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(retriesSoFar, 30)));
        return TimeSpan.FromTicks((long)(ceiling / 2 + ceiling / 2 * Random.Shared.NextDouble()));
    }

    private void DeadLetter(PendingDelivery delivery, DeadLetterReason reason)
    {
        var attributes = new Dictionary<string, string>
        {
            ["RULE_ARN"] = delivery.RuleArn,
            ["TARGET_ARN"] = TargetArn(delivery.Target),
            ["ERROR_CODE"] = reason.ErrorCode,
            ["ERROR_MESSAGE"] = reason.ErrorMessage,
            ["EXHAUSTED_RETRY_CONDITION"] = reason.ExhaustedRetryCondition,
            ["RETRY_ATTEMPTS"] = delivery.RetryAttempts.ToString(CultureInfo.InvariantCulture),
        };
        try
        {
            queues.SendMessage(delivery.Target.DeadLetterQueue, new OutgoingMessage(delivery.EventJson) { MessageAttributes = attributes });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // AWS drops the event when its DLQ cannot take it; here it stays pending and the DLQ
            // send is tried again, so nothing accepted is ever lost.
            logger.DeadLetterFailed(e, delivery.Target.DeadLetterQueue, delivery.Target.Id);
            store.HoldForDeadLetter(delivery.Id, reason, delivery.RetryAttempts, time.GetUtcNow() + options.RetryMaxDelay);
            return;
        }

        logger.DeadLettered(
            delivery.RuleArn, delivery.Target.DeadLetterQueue, delivery.Target.Id, reason.ErrorCode, reason.ErrorMessage,
            reason.ExhaustedRetryCondition, delivery.RetryAttempts);
        store.Delete(delivery.Id);
    }

    private string TargetArn(TargetDefinition target) => target switch
    {
        QueueTarget queue => arns.Queue(queue.Queue),
        BusTarget bus => arns.Bus(bus.Bus),
        FunctionTarget function => arns.Function(function.Function),
        DeliveryStreamTarget stream => arns.DeliveryStream(stream.DeliveryStream),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target.GetType().Name, "Unknown target kind."),
    };

    public void Dispose()
    {
        passGate.Dispose();
        wake.Dispose();
    }
}
