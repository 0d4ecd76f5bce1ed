namespace Razors.Contracts;

/// <summary>Units for the whole subscription term were taken from stock.</summary>
public sealed record StockAllocated
{
    /// <summary>The subscription the units are for.</summary>
    public required Guid SubscriptionId { get; init; }

    /// <summary>The product.</summary>
    public required string ProductId { get; init; }

    /// <summary>Units taken from stock.</summary>
    public required int Units { get; init; }
}

/// <summary>Stock was short; nothing was taken.</summary>
public sealed record StockAllocationFailed
{
    /// <summary>The subscription the units were for.</summary>
    public required Guid SubscriptionId { get; init; }

    /// <summary>The product.</summary>
    public required string ProductId { get; init; }

    /// <summary>Units asked for.</summary>
    public required int UnitsRequested { get; init; }

    /// <summary>Units on hand when the allocation was tried.</summary>
    public required int UnitsAvailable { get; init; }

    /// <summary>A human-readable reason.</summary>
    public required string Reason { get; init; }
}

/// <summary>Units allocated to a cancelled subscription went back into stock.</summary>
public sealed record StockDeallocated
{
    /// <summary>The cancelled subscription.</summary>
    public required Guid SubscriptionId { get; init; }

    /// <summary>The product.</summary>
    public required string ProductId { get; init; }

    /// <summary>Units put back.</summary>
    public required int Units { get; init; }
}
