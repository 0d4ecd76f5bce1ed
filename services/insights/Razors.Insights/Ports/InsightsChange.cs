using Razors.Insights.Domain;
using Razors.Insights.Features.CountSubscriptions;

namespace Razors.Insights.Ports;

/// <summary>
/// One atomic write made for one incoming event: its inbox marker and, when the event told
/// something new, the subscription's facts and the points they move on the boards.
/// </summary>
/// <param name="HandledEventId">The incoming <c>metadata.eventId</c>; its inbox marker makes the effect happen once.</param>
/// <param name="HandledAt">When it was handled (the marker's expiry counts from it).</param>
public sealed record InsightsChange(Guid HandledEventId, DateTimeOffset HandledAt)
{
    /// <summary>
    /// The facts after the decision, written only if the stored ones are at <c>Version - 1</c>
    /// (absent when the version is 1); null when only the marker is written.
    /// </summary>
    public SubscriptionFacts? After { get; init; }

    /// <summary>Points added to (or taken off) board entries, each in one step whatever else writes the entry.</summary>
    public IReadOnlyList<ScoreChange> Scores { get; init; } = [];
}
