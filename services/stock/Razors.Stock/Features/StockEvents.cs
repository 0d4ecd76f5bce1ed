using System.Globalization;
using Razors.Contracts;
using Razors.Messaging;
using Razors.Messaging.Outbox;
using Razors.Stock.Domain;

namespace Razors.Stock.Features;

/// <summary>
/// Turns an event a decision raised into the outbox record stored with the allocation. The
/// aggregate is the subscription's allocation; the saga's correlation id and the trace context
/// come from the event that caused it.
/// </summary>
public sealed class StockEvents(IIdGenerator ids)
{
    public OutboxRecord ToOutbox<T>(T data, Allocation after, EventMetadata cause, DateTimeOffset occurredAt)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(cause);
        var metadata = new EventMetadata
        {
            EventId = ids.NewId(),
            EventType = EventTypes.Of<T>().Id,
            OccurredAt = occurredAt,
            CorrelationId = cause.CorrelationId,
            CausationId = cause.EventId.ToString("D", CultureInfo.InvariantCulture),
            Traceparent = RazorsTelemetry.CurrentTraceparent() ?? cause.Traceparent,
            AggregateId = after.SubscriptionId.ToString("D", CultureInfo.InvariantCulture),
            AggregateVersion = after.Version,
        };
        return OutboxRecord.Create(data, metadata);
    }
}
