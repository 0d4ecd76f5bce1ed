using Razors.Contracts;
using Razors.Messaging.Outbox;
using Razors.Stock.Domain;

namespace Razors.Stock.Features;

/// <summary>Turns an event a decision raised into the outbox record stored with the allocation. The aggregate is the subscription's allocation; the saga's correlation id comes from the event that caused it.</summary>
public static class StockEvents
{
    /// <param name="data">The event.</param>
    /// <param name="after">The allocation after the change: the subscription it belongs to and its version identify the aggregate.</param>
    /// <param name="eventId">The id the decision was given for the event.</param>
    /// <param name="occurredAt">When the change is committed.</param>
    /// <param name="cause">The incoming event that caused this one; null for a customer's request.</param>
    public static OutboxRecord ToOutbox<T>(T data, Allocation after, Guid eventId, DateTimeOffset occurredAt, EventMetadata? cause = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(after);
        return OutboxRecord.Raise(data, eventId, occurredAt, (after.SubscriptionId, after.Version), cause?.CorrelationId ?? throw new ArgumentNullException(nameof(cause), "Stock only reacts to events: every stock event has a cause."), cause);
    }
}
