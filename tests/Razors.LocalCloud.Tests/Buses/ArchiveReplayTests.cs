using System.Text.Json;
using Razors.LocalCloud.Buses;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.Buses;

public sealed class when_events_are_archived : IDisposable
{
    private readonly BusHarness bus = new();

    public when_events_are_archived()
    {
        bus.Bus("orders");
        bus.Bus("stock");
    }

    [Fact]
    public void each_bus_keeps_its_accepted_events_by_event_time()
    {
        var first = bus.PutOne(BusHarness.Entry("orders", detail: """{"n":1}"""));
        bus.Time.Advance(TimeSpan.FromMinutes(1));
        var second = bus.PutOne(BusHarness.Entry("orders", detail: """{"n":2}"""));
        bus.PutOne(BusHarness.Entry("stock"));
        bus.Put(BusHarness.Entry("orders", detail: "[]"));

        var archive = bus.Bridge.ReadArchive("orders", null, null, 100);

        Assert.Equal([first, second], archive.Select(e => e.EventId));
        Assert.Equal([BusHarness.Start, BusHarness.Start.AddMinutes(1)], archive.Select(e => e.Time));
        Assert.All(archive, e => Assert.Equal("orders", e.Bus));
        Assert.All(archive, e => Assert.Null(e.ForwardedFrom));
        Assert.Equal("""{"n":2}""", JsonDocument.Parse(archive[1].Json).RootElement.GetProperty("detail").GetRawText());
    }

    [Fact]
    public void a_read_is_bounded_by_its_window_and_its_maximum()
    {
        var ids = Enumerable.Range(0, 5).Select(i =>
        {
            var id = bus.PutOne(BusHarness.Entry("orders"));
            bus.Time.Advance(TimeSpan.FromMinutes(1));
            return id;
        }).ToList();

        Assert.Equal(ids[1..4], bus.Bridge.ReadArchive("orders", BusHarness.Start.AddMinutes(1), BusHarness.Start.AddMinutes(4), 100).Select(e => e.EventId));
        Assert.Equal(ids[..2], bus.Bridge.ReadArchive("orders", null, null, 2).Select(e => e.EventId));
    }

    [Fact]
    public void an_event_is_archived_at_the_whole_second_its_time_field_shows()
    {
        bus.Time.Advance(TimeSpan.FromMilliseconds(1500));
        bus.PutOne(BusHarness.Entry("orders"));

        var archived = Assert.Single(bus.Bridge.ReadArchive("orders", null, null, 10));

        Assert.Equal(BusHarness.Start.AddSeconds(1), archived.Time);
        Assert.Equal(BusHarness.Start.AddMilliseconds(1500), archived.ArchivedAt);
        Assert.Equal("2026-11-23T10:00:01Z", JsonDocument.Parse(archived.Json).RootElement.GetProperty("time").GetString());
    }

    [Fact]
    public void events_older_than_the_retention_are_purged_and_zero_days_keeps_them()
    {
        bus.Bridge.CreateEventBus(new BusDefinition("short", "test") { ArchiveRetentionDays = 1 });
        bus.Bridge.CreateEventBus(new BusDefinition("forever", "test") { ArchiveRetentionDays = 0 });
        bus.PutOne(BusHarness.Entry("short"));
        bus.PutOne(BusHarness.Entry("forever"));
        bus.PutOne(BusHarness.Entry("orders"));
        bus.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var recent = bus.PutOne(BusHarness.Entry("short"));

        Assert.Equal(1, bus.Bridge.PurgeExpiredArchives());

        Assert.Equal([recent], bus.Bridge.ReadArchive("short", null, null, 10).Select(e => e.EventId));
        Assert.Single(bus.Bridge.ReadArchive("forever", null, null, 10));
        Assert.Single(bus.Bridge.ReadArchive("orders", null, null, 10));
    }

    public void Dispose() => bus.Dispose();
}

public sealed class when_an_archive_is_replayed : IDisposable
{
    private readonly BusHarness bus = new();
    private readonly List<string> ids = [];

    public when_an_archive_is_replayed()
    {
        bus.Bus("orders");
        bus.Queue("first");
        bus.Queue("second");
        bus.Rule("orders", "first", BusHarness.SourcePattern("razors.test"), BusHarness.ToQueue("first", "first"));
        bus.Rule("orders", "second", BusHarness.SourcePattern("razors.test"), BusHarness.ToQueue("second", "second"));
        for (var minute = 0; minute < 4; minute++)
        {
            ids.Add(bus.PutOne(BusHarness.Entry("orders", detail: $$"""{"minute":{{minute}}}""")));
            bus.Time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task events_in_the_window_reach_the_rules_again_with_a_replay_name()
    {
        await bus.DeliverAllAsync();

        var replay = bus.Bridge.StartReplay("fix-1", "orders", BusHarness.Start.AddMinutes(1), BusHarness.Start.AddMinutes(3));
        await bus.DeliverAllAsync();

        Assert.Equal(2, replay.EventsReplayed);
        Assert.Equal(4, replay.DeliveriesScheduled);
        Assert.Equal(ReplayState.Completed, replay.State);
        var replayed = bus.Messages("first").Skip(4).Select(m => JsonDocument.Parse(m.Body).RootElement).ToList();
        Assert.Equal(ids[1..3], replayed.Select(e => e.GetProperty("id").GetString()));
        Assert.All(replayed, e => Assert.Equal("fix-1", e.GetProperty("replay-name").GetString()));
        Assert.Equal(6, bus.Messages("second").Count);
        Assert.Equal(4, bus.Bridge.ReadArchive("orders", null, null, 100).Count);
    }

    [Fact]
    public async Task only_the_named_rules_receive_the_replay()
    {
        bus.Bridge.StartReplay("first-only", "orders", BusHarness.Start, BusHarness.Start.AddHours(1), ["first"]);

        await bus.DeliverAllAsync();

        Assert.Equal(8, bus.Messages("first").Count);
        Assert.Equal(4, bus.Messages("second").Count);
        Assert.All(bus.Messages("second"), m => Assert.False(JsonDocument.Parse(m.Body).RootElement.TryGetProperty("replay-name", out _)));
    }

    [Fact]
    public void its_state_can_be_read_back_and_its_name_cannot_be_reused()
    {
        var started = bus.Bridge.StartReplay("fix-2", "orders", BusHarness.Start, BusHarness.Start.AddMinutes(2), ["second"]);

        var error = Assert.Throws<LocalEventBridgeException>(() => bus.Bridge.StartReplay("fix-2", "orders", BusHarness.Start, BusHarness.Start.AddMinutes(2)));

        Assert.Equal("ResourceAlreadyExistsException", error.ErrorCode);
        var described = bus.Bridge.DescribeReplay("fix-2");
        Assert.NotNull(described);
        Assert.Equal(started with { RuleNames = null }, described with { RuleNames = null });
        Assert.Equal(["second"], described.RuleNames);
        Assert.Equal(["fix-2"], bus.Bridge.ListReplays().Select(r => r.Name));
        Assert.Null(bus.Bridge.DescribeReplay("nothing"));
    }

    [Fact]
    public void a_replay_of_an_unknown_rule_or_an_empty_window_is_rejected()
    {
        Assert.Equal("ResourceNotFoundException", Assert.Throws<LocalEventBridgeException>(
            () => bus.Bridge.StartReplay("x", "orders", BusHarness.Start, BusHarness.Start.AddMinutes(2), ["missing"])).ErrorCode);
        Assert.Equal("ValidationException", Assert.Throws<LocalEventBridgeException>(
            () => bus.Bridge.StartReplay("y", "orders", BusHarness.Start, BusHarness.Start)).ErrorCode);
        Assert.Empty(bus.Bridge.ListReplays());
    }

    public void Dispose() => bus.Dispose();
}
