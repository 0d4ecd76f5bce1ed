using Razors.Insights.Domain;
using Razors.Insights.Ports;

namespace Razors.Insights.Tests.Unit;

/// <summary>
/// A hand-written store that keeps what DynamoDB keeps and refuses what it refuses: a second
/// inbox marker, and facts written over a version other than the one expected.
/// </summary>
internal sealed class InMemoryInsightsStore : IInsightsStore
{
    private readonly Lock gate = new();
    private readonly HashSet<Guid> inbox = [];
    private readonly Dictionary<Guid, SubscriptionFacts> subscriptions = [];
    private readonly Dictionary<BoardKey, long> scores = [];

    public Task<SubscriptionFacts?> GetSubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(subscriptions.GetValueOrDefault(subscriptionId));
        }
    }

    public Task<IReadOnlyList<BoardEntry>> GetBoardAsync(string board, int? top, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var entries = scores.Where(s => s.Key.Board == board && s.Value > 0)
                .Select(s => new BoardEntry(s.Key.Board, s.Key.ProductId, s.Value))
                .OrderByDescending(e => e.Score)
                .Take(top ?? int.MaxValue)
                .ToList();
            return Task.FromResult<IReadOnlyList<BoardEntry>>(entries);
        }
    }

    public Task<SaveResult> SaveAsync(InsightsChange change, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (inbox.Contains(change.HandledEventId))
            {
                return Task.FromResult(SaveResult.AlreadyHandled);
            }

            if (change.After is { } after && (subscriptions.GetValueOrDefault(after.SubscriptionId)?.Version ?? 0) != after.Version - 1)
            {
                return Task.FromResult(SaveResult.Conflict);
            }

            inbox.Add(change.HandledEventId);
            if (change.After is { } written)
            {
                subscriptions[written.SubscriptionId] = written;
            }

            foreach (var score in change.Scores)
            {
                scores[score.Entry] = scores.GetValueOrDefault(score.Entry) + score.Delta;
            }

            return Task.FromResult(SaveResult.Saved);
        }
    }

    /// <summary>Every entry ever written, with score 0 or (wrongly) below.</summary>
    public IReadOnlyDictionary<BoardKey, long> Scores
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<BoardKey, long>(scores);
            }
        }
    }
}
