namespace Razors.Notifications.Domain;

/// <summary>
/// What notifications knows of a subscription, gathered from its events in whatever order they came:
/// each event sets only its own facts, so any order (and any repeat) ends in the same record.
/// </summary>
public sealed record SubscriptionFacts(Guid SubscriptionId)
{
    /// <summary>From <c>SubscriptionCreated</c>, with the terms below.</summary>
    public string? CustomerId { get; init; }

    public string? ProductId { get; init; }

    public int UnitsPerMonth { get; init; }

    public int Months { get; init; }

    public decimal MonthlyPrice { get; init; }

    public string? Currency { get; init; }

    /// <summary>From <c>SubscriptionActivated</c>: when it went live.</summary>
    public DateTimeOffset? ActivatedAt { get; init; }

    /// <summary>From <c>SubscriptionCancelled</c>: when and why it ended.</summary>
    public DateTimeOffset? CancelledAt { get; init; }

    public string? CancellationReason { get; init; }

    /// <summary>True once <c>SubscriptionCreated</c> has come: the customer and the terms are known.</summary>
    public bool IsKnown => CustomerId is not null;
}
