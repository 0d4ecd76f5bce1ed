using Razors.Insights.Domain;

namespace Razors.Insights.Ports;

/// <summary>Where subscriptions' facts, board entries and inbox markers live.</summary>
public interface IInsightsStore
{
    /// <summary>The subscription's facts, read consistently, or null when no event of it has been handled.</summary>
    Task<SubscriptionFacts?> GetSubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken);

    /// <summary>
    /// The board's entries with a score above zero, highest first, at most <paramref name="top"/>
    /// of them (every one when null). Entries with the same score come in no particular order.
    /// </summary>
    Task<IReadOnlyList<BoardEntry>> GetBoardAsync(string board, int? top, CancellationToken cancellationToken);

    /// <summary>Writes the change atomically: all of it or none.</summary>
    Task<SaveResult> SaveAsync(InsightsChange change, CancellationToken cancellationToken);
}

/// <summary>Why a save wrote nothing, or that it wrote everything.</summary>
public enum SaveResult
{
    Saved,

    /// <summary>The inbox already holds the event: it was handled before, and nothing was written now.</summary>
    AlreadyHandled,

    /// <summary>
    /// The subscription's facts are not at the version the decision saw, or another transaction
    /// was writing one of the items at that moment: load and decide again.
    /// </summary>
    Conflict,
}
