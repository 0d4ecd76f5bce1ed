using Razors.Contracts;
using Razors.Messaging.Outbox;
using Razors.Subscription.Domain;

namespace Razors.Subscription.Features;

/// <summary>Turns an event a decision raised into the outbox record stored with the new state.</summary>
public static class SubscriptionEvents
{
    /// <param name="data">The event.</param>
    /// <param name="after">The subscriptionstate after the change: its id and version identify the aggregate, its correlation id the saga.</param>
    /// <param name="eventId">The id the decision was given for the event.</param>
    /// <param name="occurredAt">When the change is committed.</param>
    /// <param name="cause">The incoming event that caused this one; null for a customer's request.</param>
    public static OutboxRecord ToOutbox<T>(T data, SubscriptionState after, Guid eventId, DateTimeOffset occurredAt, EventMetadata? cause = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(after);
        return OutboxRecord.Raise(data, eventId, occurredAt, (after.Id, after.Version), after.CorrelationId, cause);
    }
}
