using Razors.Contracts;
using Razors.Subscription.Domain;
using Razors.Subscription.Features.CancelSubscription;

namespace Razors.Subscription.Features.Saga;

/// <summary>
/// The subscription's side of the saga. Stock and payments work in parallel on
/// <c>SubscriptionCreated</c>, so their events arrive in either order:
/// <list type="bullet">
/// <item><c>StockAllocated</c> and <c>PaymentCreated</c> are recorded; the second of the two
/// activates a Pending subscription (<see cref="SubscriptionActivated"/>).</item>
/// <item><c>StockAllocationFailed</c> cancels it (<c>StockUnavailable</c>) unless stock was
/// allocated; <c>PaymentCancelled</c> cancels it (<c>PaymentCancelled</c>), whether or not
/// <c>PaymentCreated</c> has arrived yet: the payment exists at payments either way.</item>
/// <item>Cancelled is final: every event after it changes nothing. Stock deallocates and payments
/// cancels on <see cref="SubscriptionCancelled"/>, so nothing is left to undo here.</item>
/// <item>An event the state already reflects (the same type again, under another id) changes
/// nothing; so does an allocation failure after an allocation (stock raises one or the other).</item>
/// </list>
/// An event that changes something is recorded on the timeline with what it caused, in one version.
/// </summary>
public static class SagaDecider
{
    /// <param name="state">The subscription as loaded.</param>
    /// <param name="received">The stock or payment event.</param>
    /// <param name="now">When it is handled.</param>
    /// <param name="eventId">The id of the event this decision raises, if it raises one.</param>
    public static SagaDecision Decide(SubscriptionState state, SagaEvent received, DateTimeOffset now, Guid eventId)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(received);
        if (state.Status == SubscriptionStatus.Cancelled)
        {
            return new SagaDecision.Unchanged();
        }

        return received switch
        {
            SagaEvent.StockAllocated when !state.StockAllocated =>
                Advance(Record(state, received, now) with { StockAllocated = true }, now, eventId),
            SagaEvent.PaymentCreated created when !state.PaymentCreated =>
                Advance(Record(state, received, now) with { PaymentCreated = true, PaymentId = created.PaymentId }, now, eventId),
            SagaEvent.StockAllocationFailed when !state.StockAllocated =>
                Cancel(Record(state, received, now), CancellationReasons.StockUnavailable, now, eventId),
            SagaEvent.PaymentCancelled cancelled =>
                Cancel(Record(state, received, now) with { PaymentId = state.PaymentId ?? cancelled.PaymentId }, CancellationReasons.PaymentCancelled, now, eventId),
            _ => new SagaDecision.Unchanged(),
        };
    }

    private static SubscriptionState Record(SubscriptionState state, SagaEvent received, DateTimeOffset now)
    {
        var entry = received switch
        {
            SagaEvent.StockAllocated => new TimelineEntry(now, EventTypes.StockAllocated.DetailType, received.EventId),
            SagaEvent.StockAllocationFailed failed => new TimelineEntry(now, EventTypes.StockAllocationFailed.DetailType, received.EventId, failed.Reason),
            SagaEvent.PaymentCreated => new TimelineEntry(now, EventTypes.PaymentCreated.DetailType, received.EventId),
            SagaEvent.PaymentCancelled cancelled => new TimelineEntry(now, EventTypes.PaymentCancelled.DetailType, received.EventId, cancelled.Reason),
            _ => throw new ArgumentOutOfRangeException(nameof(received), received, "Not a saga event."),
        };
        return state with { Timeline = state.Timeline.Append(entry) };
    }

    private static SagaDecision Advance(SubscriptionState state, DateTimeOffset now, Guid eventId)
    {
        var after = state with { Version = state.Version + 1 };
        if (!(after.StockAllocated && after.PaymentCreated))
        {
            return new SagaDecision.Advance(after);
        }

        var paymentId = after.PaymentId!.Value;
        return new SagaDecision.Activate(
            after with
            {
                Status = SubscriptionStatus.Active,
                Timeline = after.Timeline.Append(new TimelineEntry(now, EventTypes.SubscriptionActivated.DetailType, eventId)),
            },
            new SubscriptionActivated { SubscriptionId = after.Id, PaymentId = paymentId });
    }

    private static SagaDecision.Cancel Cancel(SubscriptionState state, string reason, DateTimeOffset now, Guid eventId)
    {
        var cancel = (CancelDecision.Cancel)CancelSubscriptionDecider.Decide(state, reason, now, eventId);
        return new SagaDecision.Cancel(cancel.After, cancel.Event);
    }
}

/// <summary>The outcome of <see cref="SagaDecider.Decide"/>.</summary>
public abstract record SagaDecision
{
    private SagaDecision()
    {
    }

    /// <summary>The event was recorded; the subscription waits for the other one.</summary>
    public sealed record Advance(SubscriptionState After) : SagaDecision;

    public sealed record Activate(SubscriptionState After, SubscriptionActivated Event) : SagaDecision;

    public sealed record Cancel(SubscriptionState After, SubscriptionCancelled Event) : SagaDecision;

    /// <summary>Late, repeated or contradicted: only the inbox marker is written.</summary>
    public sealed record Unchanged : SagaDecision;
}
