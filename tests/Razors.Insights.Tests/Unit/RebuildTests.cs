using System.Text.Json;
using System.Text.Json.Nodes;
using Razors.Contracts;
using Razors.Insights.Domain;
using Razors.Insights.Features;
using Razors.Insights.Features.CountSubscriptions;
using Razors.Insights.Features.Rebuild;

namespace Razors.Insights.Tests.Unit;

public sealed class when_a_board_is_rebuilt_from_the_events
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// 60 subscriptions over three products and two months: some cancelled (before or after their
    /// activation), some never activated, some whose creation never came, a few events twice.
    /// </summary>
    private static List<object> History(int seed)
    {
        var random = new Random(seed);
        var products = new[] { "razor-classic", "razor-pro", "razor-travel" };
        var events = new List<object>();
        for (var i = 0; i < 60; i++)
        {
            var id = Guid.CreateVersion7();
            if (i % 10 != 9)
            {
                events.Add(Samples.Created(id, products[random.Next(products.Length)]));
            }

            if (i % 7 != 6)
            {
                events.Add(Samples.Activated(id, Samples.December.AddMonths(-random.Next(2)).AddHours(random.Next(-48, 48))));
            }

            if (i % 4 == 3)
            {
                events.Add(Samples.Cancelled(id));
            }
        }

        events.AddRange(events.Where((_, n) => n % 9 == 0).ToList());
        return events;
    }

    private static async Task<InMemoryInsightsStore> HandledAsync(IEnumerable<object> events)
    {
        var store = new InMemoryInsightsStore();
        var counting = new SubscriptionCounting(store, ConflictRetry.Default, TimeProvider.System);
        var handlers = new Handlers(new(counting), new(counting), new(counting));
        foreach (var envelope in events)
        {
            await handlers.HandleAsync(envelope);
        }

        return store;
    }

    [Theory]
    [InlineData("all-time")]
    [InlineData("2026-12")]
    [InlineData("2026-11")]
    public async Task the_rebuild_in_another_order_matches_what_the_handlers_stored_one_event_at_a_time(string board)
    {
        var history = History(seed: 11);
        var store = await HandledAsync(history);
        var shuffled = history.OrderBy(_ => Random.Shared.Next()).Select(Samples.Json).ToList();

        var comparison = await new LeaderboardCheck(store).CompareAsync(board, shuffled, Ct);

        Assert.True(comparison.Matches, string.Join("; ", comparison.Differences));
        Assert.NotEmpty(comparison.Rebuilt);
        Assert.Equal(comparison.Stored, comparison.Rebuilt);
        Assert.Equal((history.Count, history.Distinct().Count(), 0), (comparison.EventsRead, comparison.EventsCounted, comparison.EventsSkipped));
    }

    [Fact]
    public async Task a_stored_board_that_missed_an_event_is_reported_product_by_product()
    {
        var id = Guid.CreateVersion7();
        object[] history = [Samples.Created(id, "razor-pro"), Samples.Activated(id), Samples.Created(Guid.CreateVersion7())];
        var store = await HandledAsync(history.Take(1));

        var comparison = await new LeaderboardCheck(store).CompareAsync(Boards.AllTime, history.Select(Samples.Json), Ct);

        Assert.False(comparison.Matches);
        Assert.Equal([new BoardDifference("razor-pro", Rebuilt: 1, Stored: 0)], comparison.Differences);
        Assert.Empty(comparison.Stored);
    }

    [Fact]
    public void events_the_consumer_would_refuse_are_skipped_and_counted()
    {
        var id = Guid.CreateVersion7();
        var otherVersion = JsonNode.Parse(Samples.Json(Samples.Activated(id)).GetRawText())!;
        otherVersion["metadata"]!["eventType"] = "razors.subscription.activated.v2";
        var unbound = JsonNode.Parse(Samples.Json(Samples.Activated(id)).GetRawText())!;
        unbound["data"]!.AsObject().Remove("subscriptionId");
        var stock = Samples.Json(Samples.Envelope(new StockAllocated { SubscriptionId = id, ProductId = "razor-classic", Units = 12 }, null, Samples.December));
        JsonElement[] envelopes =
        [
            Samples.Json(Samples.Created(id)), stock, JsonSerializer.SerializeToElement(otherVersion), JsonSerializer.SerializeToElement(unbound),
            JsonDocument.Parse("[]").RootElement,
        ];

        var rebuilt = LeaderboardRebuild.Recompute(Boards.AllTime, envelopes);

        Assert.Equal((5, 1, 4), (rebuilt.EventsRead, rebuilt.EventsCounted, rebuilt.EventsSkipped));
        Assert.Empty(rebuilt.Entries);
    }

    [Fact]
    public void the_details_of_archived_bus_events_are_the_envelopes()
    {
        var created = Samples.Created(Guid.CreateVersion7());
        var busEvent = new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = "SubscriptionCreated",
            ["source"] = EventSources.Subscription,
            ["detail"] = JsonNode.Parse(Samples.Json(created).GetRawText()),
        }.ToJsonString();

        var detail = Assert.Single(LeaderboardRebuild.DetailsOf([busEvent, """{"detail-type":"Scheduled Event"}"""]));

        Assert.Equal(created.Metadata.EventId, detail.GetProperty("metadata").GetProperty("eventId").GetGuid());
    }

    [Fact]
    public void scores_are_ranked_highest_first_with_ties_by_product_and_sharing_a_rank()
    {
        var ranked = LeaderboardRebuild.Ranked(
        [
            new("all-time", "razor-travel", 3), new("all-time", "razor-gold", 0), new("all-time", "razor-classic", 5),
            new("all-time", "razor-pro", 3), new("all-time", "razor-mini", 1),
        ]);

        Assert.Equal(
            [new(1, "razor-classic", 5), new(2, "razor-pro", 3), new(2, "razor-travel", 3), new LeaderboardEntryResource(4, "razor-mini", 1)],
            LeaderboardEntryResource.From(ranked));
    }
}
