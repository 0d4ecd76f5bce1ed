using System.Globalization;
using System.Text.Json;
using Razors.Contracts;

namespace Razors.Messaging.Outbox;

/// <summary>
/// An event as it is written to a store's outbox in the same transaction as the change that
/// raised it: already serialized, id fixed, ready to become one PutEvents entry.
/// </summary>
public sealed record OutboxRecord(Guid EventId, string Source, string DetailType, string Detail, string AggregateId, DateTimeOffset OccurredAt)
{
    /// <summary>
    /// The record of an event a change raised, built the same way in every service: the metadata
    /// names the event's type and aggregate, points at the event that caused the change (null for a
    /// customer's request), and continues the current trace, or the cause's when none is active.
    /// </summary>
    /// <param name="data">The event.</param>
    /// <param name="eventId">The id the decision was given for the event (a timeline may name it).</param>
    /// <param name="occurredAt">When the change is committed.</param>
    /// <param name="aggregate">The aggregate after the change: its id and version.</param>
    /// <param name="correlationId">The saga's correlation id.</param>
    /// <param name="cause">The incoming event that caused this one; null for a customer's request.</param>
    public static OutboxRecord Raise<T>(T data, Guid eventId, DateTimeOffset occurredAt, (Guid Id, long Version) aggregate, string correlationId, EventMetadata? cause)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(correlationId);
        var metadata = new EventMetadata
        {
            EventId = eventId,
            EventType = EventTypes.Of<T>().Id,
            OccurredAt = occurredAt,
            CorrelationId = correlationId,
            CausationId = cause?.EventId.ToString("D", CultureInfo.InvariantCulture),
            Traceparent = RazorsTelemetry.CurrentTraceparent() ?? cause?.Traceparent,
            AggregateId = aggregate.Id.ToString("D", CultureInfo.InvariantCulture),
            AggregateVersion = aggregate.Version,
        };
        return Create(data, metadata);
    }

    /// <summary>Builds the record for <paramref name="data"/> with <paramref name="metadata"/>; the envelope is the EventBridge detail.</summary>
    public static OutboxRecord Create<T>(T data, EventMetadata metadata)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var type = EventTypes.Of<T>();
        if (metadata.EventType != type.Id)
        {
            throw new ArgumentException($"Metadata says {metadata.EventType} but the data is {type.Id}.", nameof(metadata));
        }

        var detail = JsonSerializer.Serialize(new EventEnvelope<T> { Metadata = metadata, Data = data }, type.EnvelopeTypeInfo);
        return new OutboxRecord(metadata.EventId, type.Source, type.DetailType, detail, metadata.AggregateId, metadata.OccurredAt);
    }
}
