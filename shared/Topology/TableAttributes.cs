namespace Razors.Topology;

/// <summary>
/// The attribute names every service table shares, as the tables, their TTL and the relay's
/// stream filter declare them; the outbox item layout (<c>Razors.Aws.DynamoDb.OutboxItem</c>)
/// builds on the same names.
/// </summary>
public static class TableAttributes
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";
    public const string Kind = "kind";

    /// <summary>The <see cref="Kind"/> of an outbox item: the stream filter passes only these INSERTs.</summary>
    public const string OutboxKind = "outbox";

    /// <summary>Epoch seconds; the table's TTL attribute.</summary>
    public const string ExpiresAt = "expiresAt";

    /// <summary>
    /// Present only on an outbox item not yet on the bus: the partition key of the sparse
    /// <see cref="RazorsTopology.PendingOutboxIndex"/>, one of a few shards (<c>0</c>…) so no
    /// index partition takes every write.
    /// </summary>
    public const string OutboxPending = "outboxPending";

    /// <summary>When the change that raised an outbox record committed (ISO 8601, so it sorts); the index's sort key.</summary>
    public const string OccurredAt = "occurredAt";

    /// <summary>
    /// Present only on a Pending subscription: the partition key of the sparse
    /// <see cref="SubscriptionTopology.PendingSagaIndex"/>, one of a few shards like <see cref="OutboxPending"/>.
    /// </summary>
    public const string SagaPending = "sagaPending";

    /// <summary>When a subscription was created (ISO 8601 in UTC, so it sorts); the pending-saga index's sort key.</summary>
    public const string CreatedAt = "createdAt";
}
