using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Razors.Topology;

namespace Razors.Aws.DynamoDb;

/// <summary>
/// Reads a sparse index whose partition key is one of a few shards (<c>"0"</c>…) and whose sort
/// key is an ISO 8601 time: what is in it before a moment, shard by shard, oldest first within
/// each, page by page (the outbox-pending and saga-pending indexes).
/// </summary>
public static class PendingIndex
{
    /// <param name="dynamoDb">The client.</param>
    /// <param name="tableName">The table.</param>
    /// <param name="index">The index and its key attributes.</param>
    /// <param name="shards">How many shards the partition key spreads over.</param>
    /// <param name="before">Only items whose sort key is earlier, written as the items write it.</param>
    /// <param name="projection">Attributes to read (a projection expression over <c>#p0</c>, <c>#p1</c>…); none reads what the index holds.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public static async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryBeforeAsync(
        IAmazonDynamoDB dynamoDb,
        string tableName,
        IndexDefinition index,
        int shards,
        string before,
        IReadOnlyList<string>? projection,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        ArgumentNullException.ThrowIfNull(index);
        var names = new Dictionary<string, string> { ["#shard"] = index.PartitionKey, ["#at"] = index.SortKey };
        for (var i = 0; i < (projection?.Count ?? 0); i++)
        {
            names[$"#p{i}"] = projection![i];
        }

        for (var shard = 0; shard < shards; shard++)
        {
            Dictionary<string, AttributeValue>? startKey = null;
            do
            {
                var page = await dynamoDb.QueryAsync(new QueryRequest
                {
                    TableName = tableName,
                    IndexName = index.Name,
                    KeyConditionExpression = "#shard = :shard AND #at < :before",
                    ProjectionExpression = projection is { Count: > 0 } ? string.Join(", ", projection.Select((_, i) => $"#p{i}")) : null,
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = new()
                    {
                        [":shard"] = new() { S = shard.ToString(CultureInfo.InvariantCulture) },
                        [":before"] = new() { S = before },
                    },
                    ExclusiveStartKey = startKey,
                }, cancellationToken);
                foreach (var item in page.Items ?? [])
                {
                    yield return item;
                }

                startKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            }
            while (startKey is not null);
        }
    }
}
