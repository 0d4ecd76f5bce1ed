using Razors.Messaging.Outbox;
using Razors.Topology;

namespace Razors.Subscription;

/// <summary>The cloud resources the subscription service owns, declared once for the local host and the CDK stack.</summary>
public static class SubscriptionResources
{
    public const string ServiceName = "subscription";

    /// <summary>
    /// Subscriptions, their outbox records and idempotency records in one table, so one
    /// TransactWriteItems covers them. The relay reads the stream; NEW_IMAGE is enough for
    /// outbox INSERTs. TTL removes relayed outbox records and expired idempotency records.
    /// </summary>
    public static readonly TableDefinition Table = new(
        "razors-subscription", ServiceName, OutboxItem.PartitionKey, OutboxItem.SortKey)
    {
        StreamViewType = "NEW_IMAGE",
        TimeToLiveAttribute = OutboxItem.ExpiresAt,
    };
}
