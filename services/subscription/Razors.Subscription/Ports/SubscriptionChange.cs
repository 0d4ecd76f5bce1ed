using Razors.Messaging.Outbox;
using Razors.Subscription.Domain;

namespace Razors.Subscription.Ports;

/// <summary>One atomic write: the state after a decision and the events the decision raised.</summary>
/// <param name="State">The new state; its version is <paramref name="ExpectedVersion"/> + 1.</param>
/// <param name="ExpectedVersion">The version the decision was made on; 0 for a new subscription.</param>
/// <param name="Events">Outbox records written in the same transaction.</param>
public sealed record SubscriptionChange(SubscriptionState State, long ExpectedVersion, IReadOnlyList<OutboxRecord> Events)
{
    /// <summary>Stored with a create that carried an <c>Idempotency-Key</c>.</summary>
    public IdempotencyRecord? Idempotency { get; init; }

    /// <summary>The inbox marker of the incoming event that caused the change, if one did.</summary>
    public HandledEvent? Handled { get; init; }
}

/// <summary>An inbox marker: the incoming event with this id was handled, and when.</summary>
public sealed record HandledEvent(Guid EventId, DateTimeOffset HandledAt);
