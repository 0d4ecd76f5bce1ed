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

/// <summary>
/// How an outbox record is laid out as a DynamoDB item. Every service table uses string keys
/// <c>pk</c>/<c>sk</c>; the relay's stream filter passes INSERTs whose <c>kind</c> is <c>outbox</c>.
/// </summary>
public static class OutboxItem
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";
    public const string Kind = "kind";
    public const string KindValue = "outbox";
    public const string PartitionKeyPrefix = "OUTBOX#";
    public const string SortKeyValue = "OUTBOX";
    public const string EventId = "eventId";
    public const string Source = "source";
    public const string DetailType = "detailType";
    public const string Detail = "detail";
    public const string AggregateId = "aggregateId";
    public const string OccurredAt = "occurredAt";
    /// <summary>Epoch seconds; DynamoDB TTL removes relayed records after <see cref="Retention"/>.</summary>
    public const string ExpiresAt = "expiresAt";

    /// <summary>Longer than the stream's 24 h retention, so a record outlives every retry.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(2);
}
