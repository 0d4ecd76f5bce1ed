using Razors.Subscription.Domain;

namespace Razors.Subscription.Features.CancelSubscription;

/// <summary>What a cancel did.</summary>
public abstract record CancelSubscriptionResult
{
    private CancelSubscriptionResult()
    {
    }

    /// <summary>The subscription was cancelled now, and its event stored.</summary>
    public sealed record Cancelled(SubscriptionState Subscription) : CancelSubscriptionResult;

    /// <summary>It was cancelled before; nothing changed.</summary>
    public sealed record AlreadyCancelled(SubscriptionState Subscription) : CancelSubscriptionResult;

    public sealed record NotFound : CancelSubscriptionResult;

    /// <summary>Other writers changed the subscription under every attempt; nothing was stored.</summary>
    public sealed record Conflict : CancelSubscriptionResult;
}
