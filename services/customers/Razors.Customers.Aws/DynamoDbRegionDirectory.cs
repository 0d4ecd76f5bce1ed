using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Razors.Customers.Ports;
using Razors.Topology;
using static Razors.Topology.CustomersTopology;

namespace Razors.Customers.Aws;

/// <summary>
/// <see cref="IRegionDirectory"/> on the replica table: partition <c>state</c>, sort
/// <c>cityAndId</c> (<c>city#customerId</c>). Every write is conditional on the item's version, so
/// a replayed or late older image changes nothing; a removal is a tombstone that expires after
/// <see cref="TombstoneRetention"/>, longer than a stream keeps its records (24 hours).
/// </summary>
public sealed class DynamoDbRegionDirectory(IAmazonDynamoDB dynamoDb, string tableName, TimeProvider time) : IRegionDirectory
{
    public static readonly TimeSpan TombstoneRetention = TimeSpan.FromDays(7);

    private const string CustomerId = "customerId";
    private const string City = "city";
    private const string Name = "name";
    private const string Email = "email";
    private const string Version = "version";
    private const string Removed = "removed";

    public string TableName { get; } = tableName;

    public async Task<RegionPage> ListAsync(string state, string? city, int limit, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var start = cursor is null ? null : ReadCursor(cursor, state, city);
        var items = new List<RegionEntry>();
        Dictionary<string, AttributeValue>? last = null;
        do
        {
            var request = new QueryRequest
            {
                TableName = TableName,
                KeyConditionExpression = city is null ? "#state = :state" : "#state = :state AND begins_with(#sort, :city)",
                FilterExpression = "attribute_not_exists(#removed)",
                ExpressionAttributeNames = new() { ["#state"] = RegionAttributes.State, ["#removed"] = Removed },
                ExpressionAttributeValues = new() { [":state"] = new AttributeValue { S = state } },
                ExclusiveStartKey = start,
                Limit = limit - items.Count,
            };
            if (city is not null)
            {
                request.ExpressionAttributeNames["#sort"] = RegionAttributes.CityAndId;
                request.ExpressionAttributeValues[":city"] = new AttributeValue { S = city + "#" };
            }

            var page = await dynamoDb.QueryAsync(request, cancellationToken);
            items.AddRange(page.Items.Select(EntryOf));
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            last = page.Items.Count > 0 ? page.Items[^1] : last;
        }
        while (start is not null && items.Count < limit);

        // More may follow when the last read stopped short of the partition's end.
        var nextCursor = start is null || items.Count == 0 ? null : WriteCursor(last!);
        return new RegionPage(items, nextCursor);
    }

    public async Task<bool> ApplyAsync(RegionEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var item = new Dictionary<string, AttributeValue>
        {
            [RegionAttributes.State] = new() { S = entry.State },
            [RegionAttributes.CityAndId] = new() { S = SortKey(entry.City, entry.CustomerId) },
            [CustomerId] = new() { S = entry.CustomerId.ToString("D") },
            [City] = new() { S = entry.City },
            [Name] = new() { S = entry.Name },
            [Email] = new() { S = entry.Email },
            [Version] = new() { N = entry.Version.ToString(CultureInfo.InvariantCulture) },
        };
        if (entry.Removed)
        {
            item[Removed] = new() { BOOL = true };
            item[TableAttributes.ExpiresAt] = new() { N = (time.GetUtcNow() + TombstoneRetention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        }

        try
        {
            await dynamoDb.PutItemAsync(
                new PutItemRequest
                {
                    TableName = TableName,
                    Item = item,
                    ConditionExpression = "attribute_not_exists(#version) OR #version < :version",
                    ExpressionAttributeNames = new() { ["#version"] = Version },
                    ExpressionAttributeValues = new() { [":version"] = item[Version] },
                },
                cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<RegionEntry> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.ScanAsync(new ScanRequest { TableName = TableName, ConsistentRead = true, ExclusiveStartKey = start }, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return EntryOf(item);
            }

            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
    }

    private static string SortKey(string city, Guid customerId) => city + "#" + customerId.ToString("D");

    private static RegionEntry EntryOf(Dictionary<string, AttributeValue> item) =>
        new(
            item[RegionAttributes.State].S,
            item[City].S,
            Guid.Parse(item[CustomerId].S),
            item[Name].S,
            item[Email].S,
            long.Parse(item[Version].N, CultureInfo.InvariantCulture))
        {
            Removed = item.TryGetValue(Removed, out var removed) && removed.BOOL == true,
        };

    /// <summary>The key of the last item returned, as base64url JSON; it carries the state so a cursor cannot wander to another region.</summary>
    private static string WriteCursor(Dictionary<string, AttributeValue> last)
    {
        var json = new JsonObject { ["s"] = last[RegionAttributes.State].S, ["c"] = last[RegionAttributes.CityAndId].S }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static Dictionary<string, AttributeValue> ReadCursor(string cursor, string state, string? city)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var json = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)))!;
            var cursorState = (string?)json["s"];
            var sort = (string?)json["c"];
            if (cursorState == state && sort is not null && (city is null || sort.StartsWith(city + "#", StringComparison.Ordinal)))
            {
                return new()
                {
                    [RegionAttributes.State] = new() { S = cursorState },
                    [RegionAttributes.CityAndId] = new() { S = sort },
                };
            }
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or DecoderFallbackException)
        {
            // Falls through to the one answer for every bad cursor.
        }

        throw new ArgumentException("The cursor is not one this query wrote.", nameof(cursor));
    }
}
