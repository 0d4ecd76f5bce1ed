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
}
