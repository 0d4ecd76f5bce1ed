namespace Razors.Insights.Domain;

/// <summary>One thing an event says about a subscription, as the leaderboard reads it.</summary>
public abstract record SubscriptionFact(Guid SubscriptionId)
{
    /// <summary><c>SubscriptionCreated</c>: the subscription is for this product.</summary>
    public sealed record ProductKnown(Guid SubscriptionId, string ProductId) : SubscriptionFact(SubscriptionId);

    /// <summary><c>SubscriptionActivated</c>: it went live in this month (the board of its <c>metadata.occurredAt</c>, UTC).</summary>
    public sealed record Activated(Guid SubscriptionId, string Month) : SubscriptionFact(SubscriptionId);

    /// <summary><c>SubscriptionCancelled</c>, whatever the reason.</summary>
    public sealed record Cancelled(Guid SubscriptionId) : SubscriptionFact(SubscriptionId);
}
