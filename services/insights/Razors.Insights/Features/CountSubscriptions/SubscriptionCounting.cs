using Razors.Contracts;
using Razors.Insights.Domain;
using Razors.Insights.Ports;

namespace Razors.Insights.Features.CountSubscriptions;

/// <summary>
/// What every handler does with its event's fact: load the subscription's facts, decide
/// (<see cref="LeaderboardRules.Decide"/>), and write the facts, the board points and the inbox
/// marker in one transaction (the marker alone when nothing changes), retrying a lost race.
/// </summary>
public sealed class SubscriptionCounting(IInsightsStore store, ConflictRetry retry, TimeProvider time)
{
    public async Task CountAsync(SubscriptionFact fact, EventMetadata cause, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(cause);
        await retry.RunAsync(
            async () =>
            {
                var existing = await store.GetSubscriptionAsync(fact.SubscriptionId, cancellationToken);
                var change = new InsightsChange(cause.EventId, time.GetUtcNow());

                // The marker alone is not conditional on the version: facts only accumulate, so
                // what made this event change nothing stays true whatever is written meanwhile.
                change = LeaderboardRules.Decide(existing, fact) switch
                {
                    CountDecision.Change counted => change with { After = counted.After, Scores = counted.Scores },
                    _ => change,
                };
                return await store.SaveAsync(change, cancellationToken);
            },
            time,
            $"Counting {cause.EventType} {cause.EventId:D} for subscription {fact.SubscriptionId:D}",
            cancellationToken);
    }
}
