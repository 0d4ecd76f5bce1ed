using Razors.Contracts;
using Razors.Insights.Domain;
using Razors.Insights.Features;
using Razors.Insights.Features.CountSubscriptions;

namespace Razors.Insights.Tests.Unit;

/// <summary>The real handlers over the hand-written store, fed one subscription's events (and more) in every order.</summary>
public sealed class when_a_subscription_s_events_arrive_in_any_order
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly BoardKey AllTimePro = new(Boards.AllTime, "razor-pro");
    private static readonly BoardKey DecemberPro = new("2026-12", "razor-pro");
    private static readonly BoardKey AllTimeClassic = new(Boards.AllTime, "razor-classic");
    private static readonly BoardKey DecemberClassic = new("2026-12", "razor-classic");

    [Fact]
    public async Task created_activated_and_cancelled_count_only_while_all_of_created_and_activated_and_none_of_cancelled_have_arrived()
    {
        var id = Guid.CreateVersion7();
        object[] events = [Samples.Created(id), Samples.Activated(id), Samples.Cancelled(id)];
        var orders = 0;

        foreach (var order in Samples.Permutations(events))
        {
            orders++;
            var store = new InMemoryInsightsStore();
            var handlers = Handlers(store);
            for (var n = 0; n < order.Count; n++)
            {
                await handlers.HandleAsync(order[n]);

                var seen = order.Take(n + 1).Select(e => e.GetType()).ToHashSet();
                var counts = seen.Contains(typeof(EventEnvelope<SubscriptionCreated>)) && seen.Contains(typeof(EventEnvelope<SubscriptionActivated>))
                    && !seen.Contains(typeof(EventEnvelope<SubscriptionCancelled>));
                Assert.Equal(counts ? 1 : 0, store.Scores.GetValueOrDefault(AllTimeClassic));
                Assert.Equal(counts ? 1 : 0, store.Scores.GetValueOrDefault(DecemberClassic));
            }
        }

        Assert.Equal(6, orders);
    }

    [Fact]
    public async Task every_order_of_two_subscriptions_events_with_redeliveries_ends_in_the_same_board()
    {
        var kept = Guid.CreateVersion7();
        var ended = Guid.CreateVersion7();
        var activation = Samples.Activated(kept);
        var cancellation = Samples.Cancelled(ended);
        object[] events =
        [
            Samples.Created(kept, "razor-pro"), activation, activation,
            Samples.Created(ended), Samples.Activated(ended), cancellation, cancellation,
        ];
        var orders = 0;

        foreach (var order in Samples.Permutations(events))
        {
            orders++;
            var store = new InMemoryInsightsStore();
            var handlers = Handlers(store);
            foreach (var envelope in order)
            {
                await handlers.HandleAsync(envelope);
                Assert.All(store.Scores.Values, score => Assert.InRange(score, 0, 1));
            }

            Assert.Equal((1L, 1L, 0L, 0L), (store.Scores[AllTimePro], store.Scores[DecemberPro],
                store.Scores.GetValueOrDefault(AllTimeClassic), store.Scores.GetValueOrDefault(DecemberClassic)));
            Assert.Equal([new BoardEntry(Boards.AllTime, "razor-pro", 1)], await store.GetBoardAsync(Boards.AllTime, top: null, Ct));
        }

        Assert.Equal(5040, orders);
    }

    [Fact]
    public async Task a_second_activation_in_another_month_keeps_the_earliest_month_in_either_order()
    {
        var id = Guid.CreateVersion7();
        object[] events = [Samples.Created(id), Samples.Activated(id, Samples.December), Samples.Activated(id, Samples.December.AddMonths(-1))];

        foreach (var order in Samples.Permutations(events))
        {
            var store = new InMemoryInsightsStore();
            var handlers = Handlers(store);
            foreach (var envelope in order)
            {
                await handlers.HandleAsync(envelope);
            }

            Assert.Equal(1, store.Scores[AllTimeClassic]);
            Assert.Equal(1, store.Scores[new BoardKey("2026-11", "razor-classic")]);
            Assert.Equal(0, store.Scores.GetValueOrDefault(DecemberClassic));
        }
    }

    private static Handlers Handlers(InMemoryInsightsStore store)
    {
        var counting = new SubscriptionCounting(store, ConflictRetry.Default, TimeProvider.System);
        return new(new(counting), new(counting), new(counting));
    }
}

/// <summary>The three handlers, taking an envelope of any of their events.</summary>
internal sealed record Handlers(SubscriptionCreatedHandler Created, SubscriptionActivatedHandler Activated, SubscriptionCancelledHandler Cancelled)
{
    public Task HandleAsync(object envelope) => envelope switch
    {
        EventEnvelope<SubscriptionCreated> e => Created.HandleAsync(e, TestContext.Current.CancellationToken),
        EventEnvelope<SubscriptionActivated> e => Activated.HandleAsync(e, TestContext.Current.CancellationToken),
        EventEnvelope<SubscriptionCancelled> e => Cancelled.HandleAsync(e, TestContext.Current.CancellationToken),
        _ => throw new ArgumentException($"Not an insights event: {envelope.GetType().Name}.", nameof(envelope)),
    };
}

public sealed class when_a_fact_is_decided
{
    private static readonly Guid Id = Guid.CreateVersion7();

    private static SubscriptionFact.ProductKnown Product(string product = "razor-classic") => new SubscriptionFact.ProductKnown(Id, product);

    private static SubscriptionFact.Activated Activation(string month = "2026-12") => new SubscriptionFact.Activated(Id, month);

    [Fact]
    public void a_cancellation_first_is_written_at_version_1_and_moves_no_score()
    {
        var decision = Assert.IsType<CountDecision.Change>(LeaderboardRules.Decide(null, new SubscriptionFact.Cancelled(Id)));

        Assert.Equal(new SubscriptionFacts(Id, 1) { Cancelled = true }, decision.After);
        Assert.Empty(decision.Scores);
    }

    [Fact]
    public void the_fact_that_completes_product_and_activation_adds_a_point_to_all_time_and_the_month()
    {
        var known = new SubscriptionFacts(Id, 1) { ProductId = "razor-classic" };

        var decision = Assert.IsType<CountDecision.Change>(LeaderboardRules.Decide(known, Activation()));

        Assert.Equal(2, decision.After.Version);
        Assert.Equal(
            [new ScoreChange(new BoardKey(Boards.AllTime, "razor-classic"), 1), new ScoreChange(new BoardKey("2026-12", "razor-classic"), 1)],
            decision.Scores);
    }

    [Fact]
    public void a_cancellation_of_a_counting_subscription_takes_both_points_off()
    {
        var counting = new SubscriptionFacts(Id, 2) { ProductId = "razor-pro", ActivatedIn = "2026-11" };

        var decision = Assert.IsType<CountDecision.Change>(LeaderboardRules.Decide(counting, new SubscriptionFact.Cancelled(Id)));

        Assert.Equal(
            [new ScoreChange(new BoardKey(Boards.AllTime, "razor-pro"), -1), new ScoreChange(new BoardKey("2026-11", "razor-pro"), -1)],
            decision.Scores);
    }

    [Fact]
    public void an_earlier_activation_moves_the_point_between_months_and_leaves_all_time_alone()
    {
        var counting = new SubscriptionFacts(Id, 2) { ProductId = "razor-pro", ActivatedIn = "2026-12" };

        var decision = Assert.IsType<CountDecision.Change>(LeaderboardRules.Decide(counting, Activation("2026-11")));

        Assert.Equal("2026-11", decision.After.ActivatedIn);
        Assert.Equal(
            [new ScoreChange(new BoardKey("2026-12", "razor-pro"), -1), new ScoreChange(new BoardKey("2026-11", "razor-pro"), 1)],
            decision.Scores);
    }

    [Theory]
    [InlineData("razor-classic")]
    [InlineData("razor-pro")]
    public void two_products_for_one_subscription_keep_the_smaller_id_whichever_came_first(string first)
    {
        var second = first == "razor-pro" ? "razor-classic" : "razor-pro";

        var facts = LeaderboardRules.Apply(LeaderboardRules.Apply(null, Product(first)), Product(second));

        Assert.Equal("razor-classic", facts.ProductId);
    }

    [Fact]
    public void what_is_known_already_changes_nothing()
    {
        var cancelled = new SubscriptionFacts(Id, 3) { ProductId = "razor-classic", ActivatedIn = "2026-12", Cancelled = true };

        Assert.IsType<CountDecision.Unchanged>(LeaderboardRules.Decide(cancelled, Product()));
        Assert.IsType<CountDecision.Unchanged>(LeaderboardRules.Decide(cancelled, Activation()));
        Assert.IsType<CountDecision.Unchanged>(LeaderboardRules.Decide(cancelled, new SubscriptionFact.Cancelled(Id)));
        Assert.IsType<CountDecision.Unchanged>(LeaderboardRules.Decide(cancelled, Activation("2027-01")));
    }

    [Fact]
    public void a_fact_of_another_subscription_is_refused()
    {
        Assert.Throws<ArgumentException>(() => LeaderboardRules.Apply(new SubscriptionFacts(Guid.CreateVersion7(), 1), Product()));
    }

    [Theory]
    [InlineData("2026-12-31T23:59:59Z", "2026-12")]
    [InlineData("2026-11-30T23:30:00-02:00", "2026-12")]
    [InlineData("2027-01-01T00:30:00+01:00", "2026-12")]
    public void an_activation_counts_in_the_utc_month_of_its_occurred_at(string occurredAt, string board)
    {
        var activated = Samples.Activated(Id, DateTimeOffset.Parse(occurredAt, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(new SubscriptionFact.Activated(Id, board), LeaderboardRules.FactOf(activated));
    }
}

public sealed class when_a_board_is_named
{
    [Theory]
    [InlineData("all-time")]
    [InlineData("2026-12")]
    [InlineData("2027-01")]
    [InlineData("0001-01")]
    [InlineData("9999-12")]
    public void all_time_and_a_month_as_yyyy_mm_are_boards(string board) => Assert.True(Boards.IsValid(board));

    [Theory]
    [InlineData("")]
    [InlineData("All-Time")]
    [InlineData("alltime")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-1")]
    [InlineData("26-12")]
    [InlineData("2026-12-01")]
    [InlineData("2026/12")]
    [InlineData(" 2026-12")]
    [InlineData("２０２６-12")]
    [InlineData("0000-01")]
    public void anything_else_is_not(string board) => Assert.False(Boards.IsValid(board));
}
