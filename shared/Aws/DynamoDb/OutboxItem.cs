using Razors.Topology;

namespace Razors.Aws.DynamoDb;

/// <summary>
/// How an outbox record is laid out as a DynamoDB item. Every service table uses string keys
/// <c>pk</c>/<c>sk</c>; the relay's stream filter passes INSERTs whose <c>kind</c> is <c>outbox</c>.
/// </summary>
public static class OutboxItem
{
    public const string PartitionKey = TableAttributes.PartitionKey;
    public const string SortKey = TableAttributes.SortKey;
    public const string Kind = TableAttributes.Kind;
    public const string KindValue = TableAttributes.OutboxKind;
    public const string PartitionKeyPrefix = "OUTBOX#";
    public const string SortKeyValue = "OUTBOX";
    public const string EventId = "eventId";
    public const string Source = "source";
    public const string DetailType = "detailType";
    public const string Detail = "detail";
    public const string AggregateId = "aggregateId";
    public const string OccurredAt = "occurredAt";
    /// <summary>Epoch seconds; DynamoDB TTL removes relayed records after <see cref="Retention"/>.</summary>
    public const string ExpiresAt = TableAttributes.ExpiresAt;

    /// <summary>Longer than the stream's 24 h retention, so a record outlives every retry.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(2);
}
