using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.DynamoDb;
using Razors.Stock.Domain;

namespace Razors.Stock.Aws;

/// <summary>
/// How products and allocations are laid out in the service table, beside the outbox and inbox
/// items: <c>pk</c> = <c>PRODUCT#id</c> or <c>ALLOCATION#subscriptionId</c>, with a <c>kind</c>
/// that keeps them out of the relay's stream filter.
/// </summary>
internal static class StockItem
{
    public const string ProductPartitionKeyPrefix = "PRODUCT#";
    public const string ProductSortKeyValue = "PRODUCT";
    public const string ProductKindValue = "product";
    public const string AllocationPartitionKeyPrefix = "ALLOCATION#";
    public const string AllocationSortKeyValue = "ALLOCATION";
    public const string AllocationKindValue = "allocation";

    public const string ProductId = "productId";
    public const string UnitsOnHand = "unitsOnHand";
    public const string SubscriptionId = "subscriptionId";
    public const string Units = "units";
    public const string Status = "status";
    public const string Version = "version";
    public const string ChangedAt = "changedAt";
    public const string FailureReason = "failureReason";

    public static Dictionary<string, AttributeValue> ProductKey(string productId) => new()
    {
        [OutboxItem.PartitionKey] = new() { S = ProductPartitionKeyPrefix + productId },
        [OutboxItem.SortKey] = new() { S = ProductSortKeyValue },
    };

    public static Dictionary<string, AttributeValue> AllocationKey(Guid subscriptionId) => new()
    {
        [OutboxItem.PartitionKey] = new() { S = AllocationPartitionKeyPrefix + subscriptionId.ToString("D") },
        [OutboxItem.SortKey] = new() { S = AllocationSortKeyValue },
    };

    public static Dictionary<string, AttributeValue> ToItem(ProductStock product)
    {
        var item = ProductKey(product.ProductId);
        item[OutboxItem.Kind] = new() { S = ProductKindValue };
        item[ProductId] = new() { S = product.ProductId };
        item[UnitsOnHand] = Number(product.UnitsOnHand);
        item[Version] = Number(product.Version);
        return item;
    }

    /// <summary>A product written before products had versions reads as version 0; its next write makes it 1.</summary>
    public static ProductStock ProductFromItem(Dictionary<string, AttributeValue> item) =>
        new(
            item[ProductId].S,
            int.Parse(item[UnitsOnHand].N, CultureInfo.InvariantCulture),
            item.TryGetValue(Version, out var version) ? long.Parse(version.N, CultureInfo.InvariantCulture) : 0);

    public static Dictionary<string, AttributeValue> ToItem(Allocation allocation)
    {
        var item = AllocationKey(allocation.SubscriptionId);
        item[OutboxItem.Kind] = new() { S = AllocationKindValue };
        item[SubscriptionId] = new() { S = allocation.SubscriptionId.ToString("D") };
        if (allocation.ProductId is { } productId)
        {
            item[ProductId] = new() { S = productId };
        }

        item[Units] = Number(allocation.Units);
        item[Status] = new() { S = allocation.Status.ToString() };
        item[Version] = Number(allocation.Version);
        item[ChangedAt] = new() { S = allocation.ChangedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) };
        if (allocation.FailureReason is { } reason)
        {
            item[FailureReason] = new() { S = reason };
        }

        return item;
    }

    public static Allocation AllocationFromItem(Dictionary<string, AttributeValue> item) =>
        new(
            Guid.Parse(item[SubscriptionId].S),
            item.TryGetValue(ProductId, out var productId) ? productId.S : null,
            int.Parse(item[Units].N, CultureInfo.InvariantCulture),
            Enum.Parse<AllocationStatus>(item[Status].S),
            long.Parse(item[Version].N, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(item[ChangedAt].S, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))
        {
            FailureReason = item.TryGetValue(FailureReason, out var reason) ? reason.S : null,
        };

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
