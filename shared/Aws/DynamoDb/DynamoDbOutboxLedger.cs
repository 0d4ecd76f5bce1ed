using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.Outbox;
using Razors.Topology;

namespace Razors.Aws.DynamoDb;

/// <summary>
/// The outbox of a DynamoDB table as its relay and its sweeper see it: records leave the pending
/// index when they are published or dead-lettered, and the sweeper reads what is still in it.
/// </summary>
public sealed class DynamoDbOutboxLedger(IAmazonDynamoDB dynamoDb, string tableName, TimeProvider time) : IOutboxLedger
{
    public string TableName => tableName;

    public Task MarkPublishedAsync(string recordKey, CancellationToken cancellationToken) =>
        SettleAsync(recordKey, OutboxItem.PublishedAt, cancellationToken);

    public Task MarkDeadLetteredAsync(string recordKey, CancellationToken cancellationToken) =>
        SettleAsync(recordKey, OutboxItem.DeadLetteredAt, cancellationToken);

    /// <summary>
    /// The pending records whose change committed before <paramref name="committedBefore"/>, oldest
    /// first within each shard, as full items (the index projects every attribute).
    /// </summary>
    public IAsyncEnumerable<Dictionary<string, AttributeValue>> PendingAsync(DateTimeOffset committedBefore, CancellationToken cancellationToken) =>
        PendingIndex.QueryBeforeAsync(
            dynamoDb,
            tableName,
            RazorsTopology.PendingOutboxIndex,
            RazorsTopology.PendingOutboxShards,
            committedBefore.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            projection: null,
            cancellationToken);

    /// <summary>
    /// Removes the record from the pending index and lets TTL take it after the retention. Only
    /// an existing pending item is touched: settling twice, or a record already removed, is a no-op.
    /// </summary>
    private async Task SettleAsync(string recordKey, string settledAttribute, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordKey);
        var now = time.GetUtcNow();
        try
        {
            await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = new()
                {
                    [OutboxItem.PartitionKey] = new() { S = recordKey },
                    [OutboxItem.SortKey] = new() { S = OutboxItem.SortKeyValue },
                },
                UpdateExpression = "SET #settled = :now, #expiresAt = :expiresAt REMOVE #pending",
                ConditionExpression = "attribute_exists(#pending)",
                ExpressionAttributeNames = new()
                {
                    ["#settled"] = settledAttribute,
                    ["#expiresAt"] = OutboxItem.ExpiresAt,
                    ["#pending"] = OutboxItem.Pending,
                },
                ExpressionAttributeValues = new()
                {
                    [":now"] = new() { S = now.ToString("O", CultureInfo.InvariantCulture) },
                    [":expiresAt"] = new() { N = now.Add(OutboxItem.Retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
                },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Settled before (a sweep and the relay both published it): nothing left to do.
        }
    }
}
