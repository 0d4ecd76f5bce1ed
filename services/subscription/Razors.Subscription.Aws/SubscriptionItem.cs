using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.DynamoDb;
using Razors.Subscription.Domain;
using Razors.Subscription.Ports;
using Razors.Topology;

namespace Razors.Subscription.Aws;

/// <summary>
/// How subscriptions and idempotency records are laid out in the service table, beside the
/// outbox items (<see cref="OutboxItem"/>): <c>pk</c> = <c>SUBSCRIPTION#id</c> or
/// <c>IDEMPOTENCY#key</c>, with a <c>kind</c> that keeps them out of the relay's stream filter.
/// </summary>
internal static class SubscriptionItem
{
    public const string PartitionKeyPrefix = "SUBSCRIPTION#";
    public const string SortKeyValue = "SUBSCRIPTION";
    public const string KindValue = "subscription";
    public const string IdempotencyPartitionKeyPrefix = "IDEMPOTENCY#";
    public const string IdempotencySortKeyValue = "IDEMPOTENCY";
    public const string IdempotencyKindValue = "idempotency";

    public const string Id = "id";
    public const string CustomerId = "customerId";
    public const string ProductId = "productId";
    public const string UnitsPerMonth = "unitsPerMonth";
    public const string Months = "months";
    public const string MonthlyPrice = "monthlyPrice";
    public const string Currency = "currency";
    public const string Status = "status";
    public const string Version = "version";
    public const string CreatedAt = TableAttributes.CreatedAt;
    public const string CorrelationId = "correlationId";
    public const string CancelledAt = "cancelledAt";
    public const string CancellationReason = "cancellationReason";
    public const string StockAllocated = "stockAllocated";
    public const string PaymentCreated = "paymentCreated";
    public const string PaymentId = "paymentId";
    public const string Timeline = "timeline";
    public const string RequestHash = "requestHash";
    public const string SubscriptionId = "subscriptionId";

    // The attributes of a timeline entry, a map in the subscription's "timeline" list.
    private const string EntryAt = "at";
    private const string EntryEventType = "eventType";
    private const string EntryEventId = "eventId";
    private const string EntryDetail = "detail";

    public static Dictionary<string, AttributeValue> Key(Guid id) => new()
    {
        [OutboxItem.PartitionKey] = new() { S = PartitionKeyPrefix + id.ToString("D") },
        [OutboxItem.SortKey] = new() { S = SortKeyValue },
    };

    public static Dictionary<string, AttributeValue> IdempotencyKey(string key) => new()
    {
        [OutboxItem.PartitionKey] = new() { S = IdempotencyPartitionKeyPrefix + key },
        [OutboxItem.SortKey] = new() { S = IdempotencySortKeyValue },
    };

    public static Dictionary<string, AttributeValue> ToItem(SubscriptionState state)
    {
        var terms = state.Terms;
        var item = Key(state.Id);
        item[OutboxItem.Kind] = new() { S = KindValue };
        item[Id] = new() { S = state.Id.ToString("D") };
        item[CustomerId] = new() { S = terms.CustomerId };
        item[ProductId] = new() { S = terms.ProductId };
        item[UnitsPerMonth] = Number(terms.UnitsPerMonth);
        item[Months] = Number(terms.Months);
        item[MonthlyPrice] = new() { N = terms.MonthlyPrice.ToString(CultureInfo.InvariantCulture) };
        item[Currency] = new() { S = terms.Currency };
        item[Status] = new() { S = state.Status.ToString() };
        item[Version] = Number(state.Version);
        item[CreatedAt] = Timestamp(state.CreatedAt);
        item[CorrelationId] = new() { S = state.CorrelationId };
        if (state.Status == SubscriptionStatus.Pending)
        {
            // In the sparse pending-saga index until the saga ends; every write puts the whole item,
            // so the write that activates or cancels takes it out.
            item[TableAttributes.SagaPending] = new() { S = PendingShard(state.Id) };
        }
        if (state.CancelledAt is { } cancelledAt)
        {
            item[CancelledAt] = Timestamp(cancelledAt);
        }

        if (state.CancellationReason is { } reason)
        {
            item[CancellationReason] = new() { S = reason };
        }

        item[StockAllocated] = new() { BOOL = state.StockAllocated };
        item[PaymentCreated] = new() { BOOL = state.PaymentCreated };
        if (state.PaymentId is { } paymentId)
        {
            item[PaymentId] = new() { S = paymentId.ToString("D") };
        }

        item[Timeline] = new() { L = state.Timeline.Select(ToAttribute).ToList() };
        return item;
    }

    public static SubscriptionState FromItem(Dictionary<string, AttributeValue> item)
    {
        var terms = new SubscriptionTerms(
            item[CustomerId].S,
            item[ProductId].S,
            int.Parse(item[UnitsPerMonth].N, CultureInfo.InvariantCulture),
            int.Parse(item[Months].N, CultureInfo.InvariantCulture),
            decimal.Parse(item[MonthlyPrice].N, CultureInfo.InvariantCulture),
            item[Currency].S);
        return new SubscriptionState(
            Guid.Parse(item[Id].S),
            terms,
            Enum.Parse<SubscriptionStatus>(item[Status].S),
            long.Parse(item[Version].N, CultureInfo.InvariantCulture),
            ParseTimestamp(item[CreatedAt]),
            item[CorrelationId].S)
        {
            CancelledAt = item.TryGetValue(CancelledAt, out var cancelledAt) ? ParseTimestamp(cancelledAt) : null,
            CancellationReason = item.TryGetValue(CancellationReason, out var reason) ? reason.S : null,
            StockAllocated = item.TryGetValue(StockAllocated, out var stockAllocated) && stockAllocated.BOOL == true,
            PaymentCreated = item.TryGetValue(PaymentCreated, out var paymentCreated) && paymentCreated.BOOL == true,
            PaymentId = item.TryGetValue(PaymentId, out var paymentId) ? Guid.Parse(paymentId.S) : null,
            Timeline = item.TryGetValue(Timeline, out var timeline)
                ? Domain.Timeline.Of(timeline.L.Select(entry => TimelineEntryFrom(entry.M)))
                : Domain.Timeline.Empty,
        };
    }

    private static AttributeValue ToAttribute(TimelineEntry entry)
    {
        var map = new Dictionary<string, AttributeValue>
        {
            [EntryAt] = Timestamp(entry.At),
            [EntryEventType] = new() { S = entry.EventType },
            [EntryEventId] = new() { S = entry.EventId.ToString("D") },
        };
        if (entry.Detail is { } detail)
        {
            map[EntryDetail] = new() { S = detail };
        }

        return new AttributeValue { M = map };
    }

    private static TimelineEntry TimelineEntryFrom(Dictionary<string, AttributeValue> map) =>
        new(
            ParseTimestamp(map[EntryAt]),
            map[EntryEventType].S,
            Guid.Parse(map[EntryEventId].S),
            map.TryGetValue(EntryDetail, out var detail) ? detail.S : null);

    public static Dictionary<string, AttributeValue> ToItem(IdempotencyRecord record)
    {
        var item = IdempotencyKey(record.Key);
        item[OutboxItem.Kind] = new() { S = IdempotencyKindValue };
        item[RequestHash] = new() { S = record.RequestHash };
        item[SubscriptionId] = new() { S = record.SubscriptionId.ToString("D") };
        item[CreatedAt] = Timestamp(record.CreatedAt);
        item[OutboxItem.ExpiresAt] = Number(record.ExpiresAt.ToUnixTimeSeconds());
        return item;
    }

    public static IdempotencyRecord IdempotencyRecordFromItem(string key, Dictionary<string, AttributeValue> item) =>
        new(key, item[RequestHash].S, Guid.Parse(item[SubscriptionId].S), ParseTimestamp(item[CreatedAt]));

    /// <summary>The pending-saga index shard of a subscription (SubscriptionTopology.PendingSagaIndex).</summary>
    public static string PendingShard(Guid id) =>
        ((uint)id.GetHashCode() % PendingSagaShards).ToString(CultureInfo.InvariantCulture);

    /// <summary>How many shards the pending-saga index spreads Pending subscriptions over.</summary>
    public const int PendingSagaShards = 4;

    /// <summary>Written as <see cref="CreatedAt"/> is, so a cutoff compares as the index sorts.</summary>
    public static string TimestampText(DateTimeOffset value) => Timestamp(value).S;

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static AttributeValue Timestamp(DateTimeOffset value) =>
        new() { S = value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) };

    private static DateTimeOffset ParseTimestamp(AttributeValue value) =>
        DateTimeOffset.Parse(value.S, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
