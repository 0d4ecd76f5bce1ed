namespace Razors.Payments.Domain;

public enum PaymentStatus
{
    Active,
    Cancelled,
}

/// <summary>A direct-debit payment plan for one subscription: 12 monthly instalments.</summary>
public sealed record Payment
{
    public required Guid PaymentId { get; init; }
    public required Guid SubscriptionId { get; init; }
    public required string CustomerId { get; init; }
    public required decimal InstalmentAmount { get; init; }
    public required string Currency { get; init; }
    public required int Instalments { get; init; }
    public required DateOnly FirstCollectionOn { get; init; }
    public required PaymentStatus Status { get; init; }
    /// <summary>1 when created; +1 per change. Every write is conditional on the version read.</summary>
    public required long Version { get; init; }
    /// <summary>The saga's correlation id, carried into every event of this payment.</summary>
    public required string CorrelationId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public string? CancellationReason { get; init; }
}
