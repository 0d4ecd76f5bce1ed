using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.DynamoDb;
using Razors.Insights.Domain;
using Razors.Topology;

namespace Razors.Insights.Aws;

/// <summary>
/// How subscriptions' facts and board entries are laid out in the insights table, beside the inbox
/// markers: <c>pk</c> = <c>SUBSCRIPTION#id</c> or <c>ENTRY#board#productId</c>. Only entries carry
/// <c>board</c> and <c>score</c>, so the <c>board-score</c> index holds entries and nothing else.
/// </summary>
internal static class InsightsItem
{
    public const string SubscriptionPartitionKeyPrefix = "SUBSCRIPTION#";
    public const string SubscriptionSortKeyValue = "SUBSCRIPTION";
    public const string SubscriptionKindValue = "subscription";
    public const string EntryPartitionKeyPrefix = "ENTRY#";
    public const string EntrySortKeyValue = "ENTRY";
    public const string EntryKindValue = "entry";

    public const string SubscriptionId = "subscriptionId";
    public const string ProductId = "productId";
    public const string ActivatedIn = "activatedIn";
    public const string Cancelled = "cancelled";
    public const string Version = "version";
    public const string Board = InsightsTopology.LeaderboardAttributes.Board;
    public const string Score = InsightsTopology.LeaderboardAttributes.Score;

    public static Dictionary<string, AttributeValue> SubscriptionKey(Guid subscriptionId) => new()
    {
        [OutboxItem.PartitionKey] = new() { S = SubscriptionPartitionKeyPrefix + subscriptionId.ToString("D") },
        [OutboxItem.SortKey] = new() { S = SubscriptionSortKeyValue },
    };

    /// <summary>Unambiguous whatever the product id holds: a board (<c>all-time</c> or <c>yyyy-MM</c>) has no <c>#</c>.</summary>
    public static Dictionary<string, AttributeValue> EntryKey(BoardKey entry) => new()
    {
        [OutboxItem.PartitionKey] = new() { S = $"{EntryPartitionKeyPrefix}{entry.Board}#{entry.ProductId}" },
        [OutboxItem.SortKey] = new() { S = EntrySortKeyValue },
    };

    public static Dictionary<string, AttributeValue> ToItem(SubscriptionFacts facts)
    {
        var item = SubscriptionKey(facts.SubscriptionId);
        item[OutboxItem.Kind] = new() { S = SubscriptionKindValue };
        item[SubscriptionId] = new() { S = facts.SubscriptionId.ToString("D") };
        if (facts.ProductId is { } productId)
        {
            item[ProductId] = new() { S = productId };
        }

        if (facts.ActivatedIn is { } month)
        {
            item[ActivatedIn] = new() { S = month };
        }

        item[Cancelled] = new() { BOOL = facts.Cancelled };
        item[Version] = Number(facts.Version);
        return item;
    }

    public static SubscriptionFacts SubscriptionFromItem(Dictionary<string, AttributeValue> item) =>
        new(Guid.Parse(item[SubscriptionId].S), long.Parse(item[Version].N, CultureInfo.InvariantCulture))
        {
            ProductId = item.TryGetValue(ProductId, out var productId) ? productId.S : null,
            ActivatedIn = item.TryGetValue(ActivatedIn, out var month) ? month.S : null,
            Cancelled = item[Cancelled].BOOL == true,
        };

    public static BoardEntry EntryFromItem(Dictionary<string, AttributeValue> item) =>
        new(item[Board].S, item[ProductId].S, long.Parse(item[Score].N, CultureInfo.InvariantCulture));

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
