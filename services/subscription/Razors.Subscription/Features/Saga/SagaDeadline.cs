using Microsoft.Extensions.Logging;
using Razors.Contracts;
using Razors.Messaging;
using Razors.Subscription.Domain;
using Razors.Subscription.Features.CancelSubscription;
using Razors.Subscription.Ports;

namespace Razors.Subscription.Features.Saga;

/// <summary>How long a saga may wait for stock's and payments' answers.</summary>
public sealed record SagaDeadlineOptions
{
    /// <summary>
    /// From creation to cancellation with reason <c>Timeout</c>. Sagas end within seconds when all
    /// is well; 15 minutes outlasts a restart of the local host or a Lambda cold-start storm, and
    /// is short enough that no customer waits long on a subscription that will never start.
    /// </summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Every saga ends: a subscription still Pending past <see cref="SagaDeadlineOptions.Deadline"/>
/// is cancelled with reason <see cref="CancellationReasons.Timeout"/>, and its
/// <see cref="SubscriptionCancelled"/> runs the usual compensation (stock returns the units,
/// payments cancels the payment). Run on a schedule (docs/adr/0006-saga-deadline.md).
/// </summary>
/// <remarks>
/// The cancel is a write conditional on the version loaded, like any other: if an answer
/// activates the subscription at the same moment, one of the two writes wins and the other is
/// decided again on a fresh load, so a subscription is never both Active and timed out. An answer
/// that arrives after the cancel changes nothing (Cancelled is final).
/// </remarks>
public sealed partial class SagaDeadline(
    ISubscriptionStore store,
    IIdGenerator ids,
    TimeProvider time,
    SagaDeadlineOptions options,
    ILogger<SagaDeadline> logger)
{
    private const int MaxAttempts = 3;

    /// <summary>Cancels every overdue Pending subscription; returns how many it cancelled.</summary>
    public async Task<int> CancelOverdueAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Deadline;
        var cancelled = 0;
        await foreach (var id in store.PendingCreatedBeforeAsync(cutoff, cancellationToken))
        {
            if (await CancelIfOverdueAsync(id, cutoff, cancellationToken))
            {
                cancelled++;
            }
        }

        if (cancelled > 0)
        {
            LogCancelled(logger, cancelled, options.Deadline);
        }

        return cancelled;
    }

    private async Task<bool> CancelIfOverdueAsync(Guid id, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // The index may lag the table: the subscription itself decides.
            var state = await store.GetAsync(id, cancellationToken);
            if (state is not { Status: SubscriptionStatus.Pending } || state.CreatedAt >= cutoff)
            {
                return false;
            }

            var now = time.GetUtcNow();
            var eventId = ids.NewId();
            if (CancelSubscriptionDecider.Decide(state, CancellationReasons.Timeout, now, eventId) is not CancelDecision.Cancel cancel)
            {
                return false;
            }

            var change = new SubscriptionChange(cancel.After, state.Version, [SubscriptionEvents.ToOutbox(cancel.Event, cancel.After, eventId, now)]);
            if (await store.SaveAsync(change, cancellationToken) == SaveResult.Saved)
            {
                LogTimedOut(logger, id, state.CreatedAt);
                return true;
            }
        }

        // Still racing with saga steps: the next run decides again.
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId}, created {CreatedAt:O}, was still Pending at its deadline: cancelled with reason Timeout")]
    private static partial void LogTimedOut(ILogger logger, Guid subscriptionId, DateTimeOffset createdAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelled {Count} subscription(s) Pending for longer than {Deadline}")]
    private static partial void LogCancelled(ILogger logger, int count, TimeSpan deadline);
}
