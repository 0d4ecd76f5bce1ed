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
}
