namespace Razors.Subscription.Domain;

/// <summary>
/// A subscription as stored. <see cref="Version"/> starts at 1 and grows by one with every change;
/// writes are conditional on it (optimistic concurrency).
/// </summary>
public sealed record SubscriptionState(
    Guid Id,
    SubscriptionTerms Terms,
    SubscriptionStatus Status,
    long Version,
    DateTimeOffset CreatedAt,
    string CorrelationId)
{
    public DateTimeOffset? CancelledAt { get; init; }

    public string? CancellationReason { get; init; }

    /// <summary>Stock's <c>StockAllocated</c> has arrived.</summary>
    public bool StockAllocated { get; init; }

    /// <summary>Payments' <c>PaymentCreated</c> has arrived.</summary>
    public bool PaymentCreated { get; init; }

    /// <summary>The payment, once an event of payments named it (<c>PaymentCancelled</c> may come first).</summary>
    public Guid? PaymentId { get; init; }

    public Timeline Timeline { get; init; } = Timeline.Empty;
}
