namespace Razors.Stock.Domain;

/// <summary>
/// The stock of one subscription: the aggregate of the stock events, whose id is the subscription
/// id. <see cref="Version"/> is 1 when first written and grows by one with every change; writes
/// are conditional on it.
/// </summary>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="ProductId">The product; null for <see cref="AllocationStatus.Cancelled"/>, which never saw the subscription's terms.</param>
/// <param name="Units">Units for the whole term; out of stock only while <see cref="AllocationStatus.Allocated"/> (0 for <see cref="AllocationStatus.Cancelled"/>).</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Version">Optimistic-concurrency version.</param>
/// <param name="ChangedAt">When the last change was decided.</param>
public sealed record Allocation(
    Guid SubscriptionId,
    string? ProductId,
    int Units,
    AllocationStatus Status,
    long Version,
    DateTimeOffset ChangedAt)
{
    /// <summary>Why a <see cref="AllocationStatus.Failed"/> allocation failed.</summary>
    public string? FailureReason { get; init; }
}
