using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Razors.Messaging.Outbox;

namespace Razors.Aws.DynamoDb;

/// <summary>The outbox and inbox items a DynamoDB-backed service adds to its transactions.</summary>
public static class DynamoDbOutbox
{
    /// <summary>
    /// A Put of the outbox item for <paramref name="record"/>; fails the transaction if that event
    /// id was already written. The item is pending (in the pending index, with no expiry) until a
    /// relay or a sweep has put it on the bus.
    /// </summary>
    public static TransactWriteItem Put(string tableName, OutboxRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new TransactWriteItem
        {
            Put = new Put
            {
                TableName = tableName,
                Item = new Dictionary<string, AttributeValue>
                {
                    [OutboxItem.PartitionKey] = new() { S = OutboxItem.PartitionKeyPrefix + record.EventId.ToString("D") },
                    [OutboxItem.SortKey] = new() { S = OutboxItem.SortKeyValue },
                    [OutboxItem.Kind] = new() { S = OutboxItem.KindValue },
                    [OutboxItem.EventId] = new() { S = record.EventId.ToString("D") },
                    [OutboxItem.Source] = new() { S = record.Source },
                    [OutboxItem.DetailType] = new() { S = record.DetailType },
                    [OutboxItem.Detail] = new() { S = record.Detail },
                    [OutboxItem.AggregateId] = new() { S = record.AggregateId },
                    [OutboxItem.OccurredAt] = new() { S = record.OccurredAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) },
                    [OutboxItem.Pending] = new() { S = OutboxItem.PendingShard(record.EventId) },
                },
                ConditionExpression = "attribute_not_exists(pk)",
            },
        };
    }

    /// <summary>
    /// A Put of the inbox marker for an incoming event: the transaction fails with
    /// ConditionalCheckFailed if the event was handled before, so its effect happens once.
    /// </summary>
    public static TransactWriteItem InboxMarker(string tableName, Guid eventId, DateTimeOffset handledAt)
    {
        var expiresAt = handledAt.AddDays(InboxRetentionDays).ToUnixTimeSeconds();
        return new TransactWriteItem
        {
            Put = new Put
            {
                TableName = tableName,
                Item = new Dictionary<string, AttributeValue>
                {
                    [OutboxItem.PartitionKey] = new() { S = InboxPartitionKeyPrefix + eventId.ToString("D") },
                    [OutboxItem.SortKey] = new() { S = "INBOX" },
                    [OutboxItem.Kind] = new() { S = "inbox" },
                    ["handledAt"] = new() { S = handledAt.ToString("O", CultureInfo.InvariantCulture) },
                    [OutboxItem.ExpiresAt] = new() { N = expiresAt.ToString(CultureInfo.InvariantCulture) },
                },
                ConditionExpression = "attribute_not_exists(pk)",
            },
        };
    }

    public const string InboxPartitionKeyPrefix = "INBOX#";

    /// <summary>Longer than any redelivery or replay window Razors uses (archive retention 7 days).</summary>
    public const int InboxRetentionDays = 14;
}
