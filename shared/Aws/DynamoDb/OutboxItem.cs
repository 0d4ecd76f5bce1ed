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
    public const string OccurredAt = TableAttributes.OccurredAt;

    /// <summary>
    /// The pending index's shard, present until the record is on the bus or in the DLQ; a record
    /// without it is never republished, a record with it never expires.
    /// </summary>
    public const string Pending = TableAttributes.OutboxPending;

    /// <summary>When a relay or a sweep put the record on the bus (ISO 8601).</summary>
    public const string PublishedAt = "publishedAt";

    /// <summary>When the record went to the relay's DLQ because it can never be published (ISO 8601).</summary>
    public const string DeadLetteredAt = "deadLetteredAt";

    /// <summary>Epoch seconds, set only once the record has left the pending index; DynamoDB TTL then removes it after <see cref="Retention"/>.</summary>
    public const string ExpiresAt = TableAttributes.ExpiresAt;

    /// <summary>How long a settled record stays readable (for an operator, and for late duplicates' idempotency).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(2);

    /// <summary>The pending shard of an event: spread by its id, stable for the record's life.</summary>
    public static string PendingShard(Guid eventId) =>
        ((uint)eventId.GetHashCode() % RazorsTopology.PendingOutboxShards).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
