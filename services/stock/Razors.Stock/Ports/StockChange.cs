using Razors.Messaging.Outbox;
using Razors.Stock.Domain;

namespace Razors.Stock.Ports;

/// <summary>
/// One atomic write made for one incoming event: the inbox marker of that event and, when the
/// event changes something, the allocation after the decision, the units it moves and the events
/// it raises. Nothing is written unless all of it is.
/// </summary>
/// <param name="HandledEventId">The incoming <c>metadata.eventId</c>; its inbox marker makes the effect happen once.</param>
/// <param name="HandledAt">When it was handled (the marker's expiry counts from it).</param>
public sealed record StockChange(Guid HandledEventId, DateTimeOffset HandledAt)
{
    /// <summary>
    /// The allocation after the decision, written only if the stored one is at
    /// <c>Version - 1</c> (absent when the version is 1); null when only the marker is written.
    /// </summary>
    public Allocation? After { get; init; }

    /// <summary>
    /// Units of <see cref="Allocation.ProductId"/> taken from stock, only if that many are on hand;
    /// negative to put units back.
    /// </summary>
    public int UnitsTaken { get; init; }

    /// <summary>
    /// For a refusal: the units whose shortage it is about. The write then also checks that fewer
    /// than this many are on hand (or that the product is unknown), so a refusal is never based on
    /// a shortage that a restock or a deallocation ended meanwhile.
    /// </summary>
    public int ShortOf { get; init; }

    /// <summary>Outbox records written in the same transaction.</summary>
    public IReadOnlyList<OutboxRecord> Events { get; init; } = [];
}
