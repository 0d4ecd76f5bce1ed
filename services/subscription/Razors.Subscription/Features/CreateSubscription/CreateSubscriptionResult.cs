using Razors.Subscription.Domain;

namespace Razors.Subscription.Features.CreateSubscription;

/// <summary>What a create did.</summary>
public abstract record CreateSubscriptionResult
{
    private CreateSubscriptionResult()
    {
    }

    /// <summary>A new subscription and its event were stored.</summary>
    public sealed record Created(SubscriptionState Subscription) : CreateSubscriptionResult;

    /// <summary>The idempotency key was used before with the same request: nothing new was stored.</summary>
    public sealed record Replayed(SubscriptionState Subscription) : CreateSubscriptionResult;

    /// <summary>The idempotency key was used before with a different request: nothing was stored.</summary>
    public sealed record KeyReused : CreateSubscriptionResult;

    /// <summary>Another request with the idempotency key is being stored right now: nothing was stored.</summary>
    public sealed record KeyInUse : CreateSubscriptionResult;
}
