using System.Text.Json;
using Razors.Contracts;

namespace Razors.Messaging.Outbox;

/// <summary>
/// An event as it is written to a store's outbox in the same transaction as the change that
/// raised it: already serialized, id fixed, ready to become one PutEvents entry.
/// </summary>
public sealed record OutboxRecord(Guid EventId, string Source, string DetailType, string Detail, string AggregateId, DateTimeOffset OccurredAt)
{
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
