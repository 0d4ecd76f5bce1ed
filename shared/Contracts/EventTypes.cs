using System.Collections.Frozen;
using System.Text.Json.Serialization.Metadata;

namespace Razors.Contracts;

/// <summary>The sources (<c>source</c> on the bus) of the services that raise events.</summary>
public static class EventSources
{
    /// <summary>The subscription service.</summary>
    public const string Subscription = "razors.subscription";

    /// <summary>The stock service.</summary>
    public const string Stock = "razors.stock";

    /// <summary>The payments service.</summary>
    public const string Payments = "razors.payments";

    /// <summary>The customers service.</summary>
    public const string Customers = "razors.customers";
}

/// <summary>One version of one event: its type id, its bus name and source, and its CLR type.</summary>
/// <param name="Id">Stable type id, carried in <see cref="EventMetadata.EventType"/>.</param>
/// <param name="DetailType">The EventBridge <c>detail-type</c>: the event's name.</param>
/// <param name="Source">The EventBridge <c>source</c>: the emitting service.</param>
/// <param name="ClrType">The data record.</param>
public sealed record EventType(string Id, string DetailType, string Source, Type ClrType)
{
    /// <summary>Source-generated serialization info for the envelope of this event.</summary>
    public JsonTypeInfo EnvelopeTypeInfo => RazorsJsonContext.Default.GetTypeInfo(
        typeof(EventEnvelope<>).MakeGenericType(ClrType))!;
}

/// <summary>Every v1 event of Razors, and look-ups by id and by CLR type.</summary>
public static class EventTypes
{
    /// <summary><see cref="Contracts.SubscriptionCreated"/>.</summary>
    public static readonly EventType SubscriptionCreated = new("razors.subscription.created.v1", nameof(Contracts.SubscriptionCreated), EventSources.Subscription, typeof(SubscriptionCreated));

    /// <summary><see cref="Contracts.SubscriptionActivated"/>.</summary>
    public static readonly EventType SubscriptionActivated = new("razors.subscription.activated.v1", nameof(Contracts.SubscriptionActivated), EventSources.Subscription, typeof(SubscriptionActivated));

    /// <summary><see cref="Contracts.SubscriptionCancelled"/>.</summary>
    public static readonly EventType SubscriptionCancelled = new("razors.subscription.cancelled.v1", nameof(Contracts.SubscriptionCancelled), EventSources.Subscription, typeof(SubscriptionCancelled));

    /// <summary><see cref="Contracts.StockAllocated"/>.</summary>
    public static readonly EventType StockAllocated = new("razors.stock.allocated.v1", nameof(Contracts.StockAllocated), EventSources.Stock, typeof(StockAllocated));

    /// <summary><see cref="Contracts.StockAllocationFailed"/>.</summary>
    public static readonly EventType StockAllocationFailed = new("razors.stock.allocation-failed.v1", nameof(Contracts.StockAllocationFailed), EventSources.Stock, typeof(StockAllocationFailed));

    /// <summary><see cref="Contracts.StockDeallocated"/>.</summary>
    public static readonly EventType StockDeallocated = new("razors.stock.deallocated.v1", nameof(Contracts.StockDeallocated), EventSources.Stock, typeof(StockDeallocated));

    /// <summary><see cref="Contracts.PaymentCreated"/>.</summary>
    public static readonly EventType PaymentCreated = new("razors.payments.created.v1", nameof(Contracts.PaymentCreated), EventSources.Payments, typeof(PaymentCreated));

    /// <summary><see cref="Contracts.PaymentCancelled"/>.</summary>
    public static readonly EventType PaymentCancelled = new("razors.payments.cancelled.v1", nameof(Contracts.PaymentCancelled), EventSources.Payments, typeof(PaymentCancelled));

    /// <summary><see cref="Contracts.CustomerRegistered"/>.</summary>
    public static readonly EventType CustomerRegistered = new("razors.customers.registered.v1", nameof(Contracts.CustomerRegistered), EventSources.Customers, typeof(CustomerRegistered));

    /// <summary>All of them, in a stable order.</summary>
    public static readonly IReadOnlyList<EventType> All =
    [
        SubscriptionCreated, SubscriptionActivated, SubscriptionCancelled,
        StockAllocated, StockAllocationFailed, StockDeallocated,
        PaymentCreated, PaymentCancelled,
        CustomerRegistered,
    ];

    private static readonly FrozenDictionary<string, EventType> ById = All.ToFrozenDictionary(t => t.Id);
    private static readonly FrozenDictionary<Type, EventType> ByClrType = All.ToFrozenDictionary(t => t.ClrType);

    /// <summary>The event type with this id, or null.</summary>
    public static EventType? Find(string id) => ById.GetValueOrDefault(id);

    /// <summary>The event type of this record.</summary>
    /// <exception cref="ArgumentException">The type is not a Razors event.</exception>
    public static EventType Of<T>()
        where T : class =>
        ByClrType.TryGetValue(typeof(T), out var type)
            ? type
            : throw new ArgumentException($"{typeof(T).Name} is not a Razors event.", nameof(T));
}
