using Razors.Contracts;
using Razors.Messaging.Outbox;
using Razors.Payments.Domain;

namespace Razors.Payments.Features;

/// <summary>Turns an event a decision raised into the outbox record stored with the new payment.</summary>
public static class PaymentEvents
{
    /// <param name="data">The event.</param>
    /// <param name="after">The payment after the change: its id and version identify the aggregate.</param>
    /// <param name="eventId">The id the decision was given for the event.</param>
    /// <param name="occurredAt">When the change is committed.</param>
    /// <param name="cause">The incoming event that caused this one; null for a customer's request.</param>
    public static OutboxRecord ToOutbox<T>(T data, Payment after, Guid eventId, DateTimeOffset occurredAt, EventMetadata? cause = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(after);
        return OutboxRecord.Raise(data, eventId, occurredAt, (after.PaymentId, after.Version), cause?.CorrelationId ?? after.CorrelationId, cause);
    }
}
