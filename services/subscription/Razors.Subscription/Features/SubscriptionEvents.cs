using System.Globalization;
using Razors.Contracts;
using Razors.Messaging;
using Razors.Messaging.Outbox;
using Razors.Subscription.Domain;

namespace Razors.Subscription.Features;

/// <summary>Turns an event a decision raised into the outbox record stored with the new state.</summary>
public static class SubscriptionEvents
{
    /// <param name="data">The event.</param>
    /// <param name="after">The state the decision produced: its id, version and correlation id go into the metadata.</param>
    /// <param name="eventId">The id the decision was given for the event it raises (its timeline names it).</param>
    /// <param name="occurredAt">When the change is committed.</param>
    /// <param name="cause">The incoming event that caused this one; null for a customer's request.</param>
    public static OutboxRecord ToOutbox<T>(T data, SubscriptionState after, Guid eventId, DateTimeOffset occurredAt, EventMetadata? cause = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(after);
        var metadata = new EventMetadata
        {
            EventId = eventId,
            EventType = EventTypes.Of<T>().Id,
            OccurredAt = occurredAt,
            CorrelationId = after.CorrelationId,
            CausationId = cause?.EventId.ToString("D", CultureInfo.InvariantCulture),
            Traceparent = RazorsTelemetry.CurrentTraceparent() ?? cause?.Traceparent,
            AggregateId = after.Id.ToString("D", CultureInfo.InvariantCulture),
            AggregateVersion = after.Version,
        };
        return OutboxRecord.Create(data, metadata);
    }
}
