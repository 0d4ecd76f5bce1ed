using System.Globalization;
using Razors.Contracts;
using Razors.Messaging;
using Razors.Messaging.Outbox;
using Razors.Payments.Domain;

namespace Razors.Payments.Features;

/// <summary>Turns an event a decision raised into the outbox record stored with the new payment.</summary>
public sealed class PaymentEvents(IIdGenerator ids)
{
    /// <param name="data">The event.</param>
    /// <param name="after">The payment after the change: its id and version identify the event's aggregate.</param>
    /// <param name="occurredAt">When the change is committed.</param>
    /// <param name="cause">The metadata of the event being handled, whose saga and trace the new event continues; null for an API call.</param>
    public OutboxRecord ToOutbox<T>(T data, Payment after, DateTimeOffset occurredAt, EventMetadata? cause = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(after);
        var metadata = new EventMetadata
        {
            EventId = ids.NewId(),
            EventType = EventTypes.Of<T>().Id,
            OccurredAt = occurredAt,
            CorrelationId = cause?.CorrelationId ?? after.CorrelationId,
            CausationId = cause?.EventId.ToString("D", CultureInfo.InvariantCulture),
            Traceparent = RazorsTelemetry.CurrentTraceparent() ?? cause?.Traceparent,
            AggregateId = after.PaymentId.ToString("D", CultureInfo.InvariantCulture),
            AggregateVersion = after.Version,
        };
        return OutboxRecord.Create(data, metadata);
    }
}
