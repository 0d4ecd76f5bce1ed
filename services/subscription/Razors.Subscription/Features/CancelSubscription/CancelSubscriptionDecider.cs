using Razors.Contracts;
using Razors.Subscription.Domain;

namespace Razors.Subscription.Features.CancelSubscription;

/// <summary>
/// Cancelling moves a Pending or Active subscription to Cancelled and raises
/// <see cref="SubscriptionCancelled"/>, which its timeline records with the reason. Cancelled is
/// final: cancelling again changes nothing and raises nothing, whatever the reason, so a repeated
/// request or a late event is harmless.
/// </summary>
public static class CancelSubscriptionDecider
{
    /// <param name="state">The subscription as loaded.</param>
    /// <param name="reason">One of <see cref="CancellationReasons"/>.</param>
    /// <param name="now">When it is cancelled.</param>
    /// <param name="eventId">The id of the <see cref="SubscriptionCancelled"/> it raises.</param>
    public static CancelDecision Decide(SubscriptionState state, string reason, DateTimeOffset now, Guid eventId)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        if (state.Status == SubscriptionStatus.Cancelled)
        {
            return new CancelDecision.AlreadyCancelled();
        }

        var after = state with
        {
            Status = SubscriptionStatus.Cancelled,
            Version = state.Version + 1,
            CancelledAt = now,
            CancellationReason = reason,
            Timeline = state.Timeline.Append(new TimelineEntry(now, EventTypes.SubscriptionCancelled.DetailType, eventId, reason)),
        };
        return new CancelDecision.Cancel(after, new SubscriptionCancelled { SubscriptionId = state.Id, Reason = reason });
    }
}

/// <summary>The outcome of <see cref="CancelSubscriptionDecider.Decide"/>.</summary>
public abstract record CancelDecision
{
    private CancelDecision()
    {
    }

    public sealed record Cancel(SubscriptionState After, SubscriptionCancelled Event) : CancelDecision;

    public sealed record AlreadyCancelled : CancelDecision;
}
