using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.DynamoDb;

namespace Razors.Stock.Tests;

/// <summary>Everything in a (small) test table, read consistently.</summary>
public static class TableContents
{
    public static async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(
        IAmazonDynamoDB dynamoDb, string tableName, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.ScanAsync(
                new ScanRequest { TableName = tableName, ConsistentRead = true, ExclusiveStartKey = start }, cancellationToken);
            items.AddRange(page.Items);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }

    public static IEnumerable<Dictionary<string, AttributeValue>> OfKind(
        this IEnumerable<Dictionary<string, AttributeValue>> items, string kind) =>
        items.Where(i => i[OutboxItem.Kind].S == kind);
}
