using Razors.Contracts;
using Razors.Insights.Domain;

namespace Razors.Insights.Features.CountSubscriptions;

/// <summary>
/// How a subscription's facts grow and what that does to the boards. Facts only accumulate, each
/// by a rule that gives the same result in any order and however often it is applied (a join):
/// the product is the one <c>SubscriptionCreated</c> named (should two ever name different ones,
/// the ordinally smaller id is kept, so even then the order cannot matter), the activation month
/// is the earliest one seen, and a cancellation is for good. So any order of a subscription's
/// events, duplicates included, ends in the same facts, and the boards in the same scores.
/// </summary>
public static class LeaderboardRules
{
    /// <summary>The fact the event states: the subscription's product.</summary>
    public static SubscriptionFact FactOf(EventEnvelope<SubscriptionCreated> created)
    {
        ArgumentNullException.ThrowIfNull(created);
        return new SubscriptionFact.ProductKnown(created.Data.SubscriptionId, created.Data.ProductId);
    }

    /// <summary>The fact the event states: the activation, in the UTC month of its <c>metadata.occurredAt</c>.</summary>
    public static SubscriptionFact FactOf(EventEnvelope<SubscriptionActivated> activated)
    {
        ArgumentNullException.ThrowIfNull(activated);
        return new SubscriptionFact.Activated(activated.Data.SubscriptionId, Boards.MonthOf(activated.Metadata.OccurredAt));
    }

    /// <summary>The fact the event states: the cancellation.</summary>
    public static SubscriptionFact FactOf(EventEnvelope<SubscriptionCancelled> cancelled)
    {
        ArgumentNullException.ThrowIfNull(cancelled);
        return new SubscriptionFact.Cancelled(cancelled.Data.SubscriptionId);
    }

    /// <summary>The facts after <paramref name="fact"/>, at the same version (the decision moves it on).</summary>
    public static SubscriptionFacts Apply(SubscriptionFacts? existing, SubscriptionFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var facts = existing ?? new SubscriptionFacts(fact.SubscriptionId, Version: 0);
        if (facts.SubscriptionId != fact.SubscriptionId)
        {
            throw new ArgumentException($"A fact of subscription {fact.SubscriptionId} cannot change subscription {facts.SubscriptionId}.", nameof(fact));
        }

        return fact switch
        {
            SubscriptionFact.ProductKnown known => facts with { ProductId = Smaller(facts.ProductId, known.ProductId) },
            SubscriptionFact.Activated activated => facts with { ActivatedIn = Smaller(facts.ActivatedIn, activated.Month) },
            SubscriptionFact.Cancelled => facts with { Cancelled = true },
            _ => throw new ArgumentOutOfRangeException(nameof(fact), fact, "Not a fact the leaderboard reads."),
        };
    }

    /// <summary>
    /// Applies the fact and says what to write: nothing but the inbox marker when the facts are
    /// as they were; otherwise the facts at the next version and, when the entries the
    /// subscription counts on changed, one point off each it left and one on each it joined.
    /// </summary>
    public static CountDecision Decide(SubscriptionFacts? existing, SubscriptionFact fact)
    {
        var after = Apply(existing, fact);
        var before = existing ?? new SubscriptionFacts(fact.SubscriptionId, Version: 0);
        if (after == before)
        {
            return new CountDecision.Unchanged(before);
        }

        after = after with { Version = before.Version + 1 };
        var left = before.CountsOn.Except(after.CountsOn).Select(key => new ScoreChange(key, -1));
        var joined = after.CountsOn.Except(before.CountsOn).Select(key => new ScoreChange(key, +1));
        return new CountDecision.Change(after, [.. left, .. joined]);
    }

    // Months as yyyy-MM and product ids both order ordinally, so the smaller is the earlier month.
    private static string Smaller(string? current, string candidate) =>
        current is null || string.CompareOrdinal(candidate, current) < 0 ? candidate : current;
}

/// <summary>One point on or off a board entry.</summary>
public sealed record ScoreChange(BoardKey Entry, int Delta);

/// <summary>The outcome of <see cref="LeaderboardRules.Decide"/>.</summary>
public abstract record CountDecision
{
    private CountDecision()
    {
    }

    /// <summary>The event told nothing new (a duplicate, a second cancellation…): only its inbox marker is written.</summary>
    public sealed record Unchanged(SubscriptionFacts Existing) : CountDecision;

    /// <summary>Write <paramref name="After"/> (conditional on the version before it) and move the scores.</summary>
    public sealed record Change(SubscriptionFacts After, IReadOnlyList<ScoreChange> Scores) : CountDecision;
}
