namespace Razors.Contracts;

/// <summary>A direct-debit payment plan was set up. Never carries bank details.</summary>
public sealed record PaymentCreated
{
    /// <summary>The payment.</summary>
    public required Guid PaymentId { get; init; }

    /// <summary>The subscription it pays for.</summary>
    public required Guid SubscriptionId { get; init; }

    /// <summary>The customer who pays.</summary>
    public required string CustomerId { get; init; }

    /// <summary>Amount of each instalment.</summary>
    public required decimal InstalmentAmount { get; init; }

    /// <summary>ISO 4217 currency code.</summary>
    public required string Currency { get; init; }

    /// <summary>Number of monthly instalments.</summary>
    public required int Instalments { get; init; }

    /// <summary>The date of the first collection.</summary>
    public required DateOnly FirstCollectionOn { get; init; }
}

/// <summary>The direct debit was cancelled; no further instalments are collected.</summary>
public sealed record PaymentCancelled
{
    /// <summary>The payment.</summary>
    public required Guid PaymentId { get; init; }

    /// <summary>The subscription it paid for.</summary>
    public required Guid SubscriptionId { get; init; }

    /// <summary>Why: <c>CustomerRequested</c> or <c>SubscriptionCancelled</c>.</summary>
    public required string Reason { get; init; }
}
