namespace Razors.Contracts;

/// <summary>A customer started a subscription; it is Pending until stock and payment are in place.</summary>
public sealed record SubscriptionCreated
{
    /// <summary>The subscription.</summary>
    public required Guid SubscriptionId { get; init; }

    /// <summary>The customer who subscribed.</summary>
    public required string CustomerId { get; init; }

    /// <summary>The razor product delivered each month.</summary>
    public required string ProductId { get; init; }

    /// <summary>Units delivered each month.</summary>
    public required int UnitsPerMonth { get; init; }

    /// <summary>Length of the subscription in months.</summary>
    public required int Months { get; init; }

    /// <summary>Price of one month, in <see cref="Currency"/>.</summary>
    public required decimal MonthlyPrice { get; init; }

    /// <summary>ISO 4217 currency code.</summary>
    public required string Currency { get; init; }
}

/// <summary>Stock was allocated and the payment set up: the subscription is live.</summary>
public sealed record SubscriptionActivated
{
    /// <summary>The subscription.</summary>
    public required Guid SubscriptionId { get; init; }

    /// <summary>The payment that collects the instalments.</summary>
    public required Guid PaymentId { get; init; }
}

/// <summary>The subscription ended before its term, by the customer or by compensation.</summary>
public sealed record SubscriptionCancelled
{
    /// <summary>The subscription.</summary>
    public required Guid SubscriptionId { get; init; }

    /// <summary>Why: <c>CustomerRequested</c>, <c>PaymentCancelled</c>, <c>StockUnavailable</c> or <c>Timeout</c>.</summary>
    public required string Reason { get; init; }
}

/// <summary>The values of <see cref="SubscriptionCancelled.Reason"/>.</summary>
public static class CancellationReasons
{
    /// <summary>The customer cancelled the subscription.</summary>
    public const string CustomerRequested = "CustomerRequested";

    /// <summary>The customer cancelled the direct debit.</summary>
    public const string PaymentCancelled = "PaymentCancelled";

    /// <summary>Stock could not be allocated (compensation).</summary>
    public const string StockUnavailable = "StockUnavailable";

    /// <summary>Stock's or payments' answer did not come before the saga deadline (compensation).</summary>
    public const string Timeout = "Timeout";
}
