using Razors.Insights.Domain;
using Razors.Insights.Features.Rebuild;
using Razors.Insights.Ports;
using Razors.Insights.Tests.Unit;
using Razors.Testing;

namespace Razors.Insights.Tests.Store;

public sealed class when_a_subscription_is_counted_in_dynamodb(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    private Guid Id { get; } = Guid.CreateVersion7();

    [Fact]
    public async Task the_facts_both_board_points_and_the_inbox_markers_are_written()
    {
        var handlers = Handlers();
        var activated = Samples.Activated(Id);

        await handlers.HandleAsync(Samples.Created(Id, "razor-pro"));
        await handlers.HandleAsync(activated);

        Assert.Equal(new SubscriptionFacts(Id, 2) { ProductId = "razor-pro", ActivatedIn = "2026-12" }, await Store.GetSubscriptionAsync(Id, Ct));
        Assert.Equal((1L, 1L), (await ScoreAsync(Boards.AllTime, "razor-pro"), await ScoreAsync("2026-12", "razor-pro")));
        Assert.Equal(2, (await OfKindAsync("inbox")).Count());
        Assert.Contains(await OfKindAsync("inbox"), i => i["pk"].S == $"INBOX#{activated.Metadata.EventId:D}");
        Assert.Equal(2, (await OfKindAsync("entry")).Count());
    }

    [Fact]
    public async Task a_cancellation_takes_the_points_off_and_the_board_no_longer_shows_the_product()
    {
        var handlers = Handlers();
        await handlers.HandleAsync(Samples.Created(Id));
        await handlers.HandleAsync(Samples.Activated(Id));

        await handlers.HandleAsync(Samples.Cancelled(Id));

        Assert.Equal((0L, 0L), (await ScoreAsync(Boards.AllTime, "razor-classic"), await ScoreAsync("2026-12", "razor-classic")));
        Assert.Empty(await Store.GetBoardAsync(Boards.AllTime, top: 10, Ct));
        Assert.True((await Store.GetSubscriptionAsync(Id, Ct))!.Cancelled);
    }

    [Fact]
    public async Task the_same_event_delivered_twice_or_at_once_by_several_consumers_has_one_effect()
    {
        var handlers = Handlers();
        var activated = Samples.Activated(Id);
        await handlers.HandleAsync(Samples.Created(Id));

        await handlers.HandleAsync(activated);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Handlers(Patient).HandleAsync(activated)));
        await handlers.HandleAsync(activated);

        Assert.Equal((1L, 1L), (await ScoreAsync(Boards.AllTime, "razor-classic"), await ScoreAsync("2026-12", "razor-classic")));
        Assert.Equal(2, (await Store.GetSubscriptionAsync(Id, Ct))!.Version);
        Assert.Equal(2, (await OfKindAsync("inbox")).Count());
    }

    [Fact]
    public async Task an_event_whose_marker_exists_writes_nothing_even_when_it_would_change_the_facts()
    {
        var activated = Samples.Activated(Id);
        await Handlers().HandleAsync(Samples.Created(Id));
        await Handlers().HandleAsync(activated);
        var before = await ScanAsync();

        var result = await Store.SaveAsync(
            new InsightsChange(activated.Metadata.EventId, DateTimeOffset.UtcNow) { After = new SubscriptionFacts(Id, 3) { ProductId = "razor-classic", Cancelled = true } },
            Ct);

        Assert.Equal(SaveResult.AlreadyHandled, result);
        Assert.Equal(before.Count, (await ScanAsync()).Count);
        Assert.False((await Store.GetSubscriptionAsync(Id, Ct))!.Cancelled);
    }

    [Fact]
    public async Task facts_written_over_a_version_that_moved_on_are_a_conflict_and_write_nothing()
    {
        await Handlers().HandleAsync(Samples.Created(Id));

        var stale = await Store.SaveAsync(
            new InsightsChange(Guid.CreateVersion7(), DateTimeOffset.UtcNow)
            {
                After = new SubscriptionFacts(Id, 1) { ActivatedIn = "2026-12" },
                Scores = [new(new BoardKey(Boards.AllTime, "razor-classic"), 1)],
            },
            Ct);

        Assert.Equal(SaveResult.Conflict, stale);
        Assert.Equal(0, await ScoreAsync(Boards.AllTime, "razor-classic"));
        Assert.Single(await OfKindAsync("inbox"));
    }

    [Fact]
    public async Task every_order_of_the_three_events_with_redeliveries_ends_in_the_same_stored_board()
    {
        var orders = 0;
        foreach (var order in Samples.Permutations([0, 1, 2]))
        {
            // Each order has a product of its own, so the orders share no entry: one subscription
            // that is cancelled and one that is not, every event delivered twice.
            var product = $"razor-order-{++orders}";
            var counted = Guid.CreateVersion7();
            var cancelled = Guid.CreateVersion7();
            var handlers = Handlers();
            foreach (var n in order)
            {
                foreach (var id in n == 2 ? [cancelled] : new[] { counted, cancelled })
                {
                    object envelope = n switch { 0 => Samples.Created(id, product), 1 => Samples.Activated(id), _ => Samples.Cancelled(id) };
                    await handlers.HandleAsync(envelope);
                    await handlers.HandleAsync(envelope);
                }
            }

            Assert.Equal((1L, 1L), (await ScoreAsync(Boards.AllTime, product), await ScoreAsync("2026-12", product)));
        }

        Assert.Equal(6, orders);
    }
}

public sealed class when_many_subscriptions_of_one_product_are_activated_at_once(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    private const int Subscriptions = 40;

    [Fact]
    public async Task every_point_counts_and_the_board_shows_them_all()
    {
        var ids = Enumerable.Range(0, Subscriptions).Select(_ => Guid.CreateVersion7()).ToList();
        await Task.WhenAll(ids.Select(id => Handlers(Patient).HandleAsync(Samples.Created(id, "razor-pro"))));

        // 40 transactions that all ADD to the same two entries: they meet as TransactionConflicts,
        // which ConflictRetry reloads, decides again and retries until every one is written.
        await Task.WhenAll(ids.Select(id => Handlers(Patient).HandleAsync(Samples.Activated(id))));

        Assert.Equal((40L, 40L), (await ScoreAsync(Boards.AllTime, "razor-pro"), await ScoreAsync("2026-12", "razor-pro")));
        Assert.Equal(Subscriptions * 2, (await OfKindAsync("inbox")).Count());
    }

    [Fact]
    public async Task cancellations_racing_activations_leave_exactly_the_uncancelled_ones()
    {
        var ids = Enumerable.Range(0, Subscriptions).Select(_ => Guid.CreateVersion7()).ToList();
        await Task.WhenAll(ids.Select(id => Handlers(Patient).HandleAsync(Samples.Created(id))));

        await Task.WhenAll(ids.SelectMany((id, n) => n % 2 == 0
            ? new[] { Handlers(Patient).HandleAsync(Samples.Activated(id)), Handlers(Patient).HandleAsync(Samples.Cancelled(id)) }
            : [Handlers(Patient).HandleAsync(Samples.Activated(id))]));

        Assert.Equal((20L, 20L), (await ScoreAsync(Boards.AllTime, "razor-classic"), await ScoreAsync("2026-12", "razor-classic")));
    }
}

public sealed class when_a_board_is_read_from_dynamodb(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    /// <summary>Activates <paramref name="count"/> subscriptions of the product in <paramref name="month"/>.</summary>
    private async Task SubscribeAsync(string productId, int count, DateTimeOffset? month = null)
    {
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7();
            await Handlers().HandleAsync(Samples.Created(id, productId));
            await Handlers().HandleAsync(Samples.Activated(id, month));
        }
    }

    [Fact]
    public async Task entries_come_highest_score_first_as_numbers_and_top_limits_them()
    {
        await SubscribeAsync("razor-nine", 9);
        await SubscribeAsync("razor-ten", 10);
        await SubscribeAsync("razor-two", 2);

        var all = await Store.GetBoardAsync(Boards.AllTime, top: null, Ct);
        var top2 = await Store.GetBoardAsync(Boards.AllTime, top: 2, Ct);

        // As strings "9" would sort above "10": the index's sort key is a number.
        Assert.Equal([("razor-ten", 10L), ("razor-nine", 9L), ("razor-two", 2L)], all.Select(e => (e.ProductId, e.Score)));
        Assert.Equal(["razor-ten", "razor-nine"], top2.Select(e => e.ProductId));
    }

    [Fact]
    public async Task each_month_has_its_own_board_and_all_time_has_them_all()
    {
        await SubscribeAsync("razor-classic", 2, Samples.December);
        await SubscribeAsync("razor-classic", 1, Samples.December.AddMonths(-1));
        await SubscribeAsync("razor-pro", 1, Samples.December.AddMonths(-1));

        Assert.Equal([new BoardEntry("all-time", "razor-classic", 3), new BoardEntry("all-time", "razor-pro", 1)], await Store.GetBoardAsync(Boards.AllTime, null, Ct));
        Assert.Equal([new BoardEntry("2026-12", "razor-classic", 2)], await Store.GetBoardAsync("2026-12", null, Ct));
        Assert.Equal(2, (await Store.GetBoardAsync("2026-11", null, Ct)).Count);
        Assert.Empty(await Store.GetBoardAsync("2027-01", null, Ct));
    }

    [Fact]
    public async Task a_rebuild_from_the_same_events_matches_the_stored_board()
    {
        var events = new List<object>();
        foreach (var (product, n) in new[] { ("razor-classic", 3), ("razor-pro", 2), ("razor-travel", 1) })
        {
            for (var i = 0; i < n; i++)
            {
                var id = Guid.CreateVersion7();
                events.AddRange([Samples.Created(id, product), Samples.Activated(id)]);
                if (i == 0 && n > 1)
                {
                    events.Add(Samples.Cancelled(id));
                }
            }
        }

        foreach (var envelope in events)
        {
            await Handlers().HandleAsync(envelope);
        }

        var comparison = await new LeaderboardCheck(Store).CompareAsync(Boards.AllTime, events.AsEnumerable().Reverse().Select(Samples.Json), Ct);

        Assert.True(comparison.Matches, string.Join("; ", comparison.Differences));
        Assert.Equal([("razor-classic", 2L), ("razor-pro", 1L), ("razor-travel", 1L)], comparison.Stored.Select(e => (e.ProductId, e.Score)));
    }
}
