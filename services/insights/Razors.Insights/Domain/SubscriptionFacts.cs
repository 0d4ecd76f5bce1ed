namespace Razors.Insights.Domain;

/// <summary>
/// What insights knows of one subscription, gathered from its events in whatever order they
/// arrive: the product (from <c>SubscriptionCreated</c>), the board of the month it was activated
/// (from <c>SubscriptionActivated</c>) and whether it was cancelled. <see cref="Version"/> is 1
/// when first written and grows by one with every change; writes are conditional on it.
/// </summary>
public sealed record SubscriptionFacts(Guid SubscriptionId, long Version)
{
    /// <summary>The product; null until the subscription's creation has arrived.</summary>
    public string? ProductId { get; init; }

    /// <summary>The month board of the activation (<c>2026-12</c>); null until the activation has arrived.</summary>
    public string? ActivatedIn { get; init; }

    /// <summary>True once a cancellation has arrived; a cancelled subscription never counts again.</summary>
    public bool Cancelled { get; init; }

    /// <summary>It counts on its boards: its product is known, it was activated, and it is not cancelled.</summary>
    public bool Counts => ProductId is not null && ActivatedIn is not null && !Cancelled;

    /// <summary>The entries it adds one to: <see cref="Boards.AllTime"/> and its month, while it <see cref="Counts"/>; none otherwise.</summary>
    public IReadOnlyList<BoardKey> CountsOn =>
        Counts ? [new BoardKey(Boards.AllTime, ProductId!), new BoardKey(ActivatedIn!, ProductId!)] : [];
}
