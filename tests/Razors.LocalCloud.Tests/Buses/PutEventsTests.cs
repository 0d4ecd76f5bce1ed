using System.Text.Json;
using Razors.LocalCloud.Buses;
using Razors.Aws.EventBridge;

namespace Razors.LocalCloud.Tests.Buses;

public sealed class when_putting_events : IDisposable
{
    private readonly BusHarness bus = new();

    public when_putting_events()
    {
        bus.Bus("orders");
        bus.Queue("inbox");
        bus.Rule("orders", "all", BusHarness.SourcePattern("razors.test"), BusHarness.ToQueue("inbox", "inbox"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task a_call_without_1_to_10_entries_is_a_validation_error(int count)
    {
        var request = new PutEventsRequest { Entries = [.. Enumerable.Range(0, count).Select(_ => BusHarness.Entry("orders"))] };

        var error = await Assert.ThrowsAsync<LocalEventBridgeException>(
            () => bus.Bridge.PutEventsAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal(0, bus.Bridge.PendingDeliveryCount);
    }

    [Fact]
    public void results_follow_request_order_and_a_bad_entry_does_not_stop_the_others()
    {
        var response = bus.Put(
            BusHarness.Entry("orders", detail: """{"n":1}"""),
            BusHarness.Entry("orders"),
            new PutEventsRequestEntry { EventBusName = "orders", DetailType = "Thing", Detail = "{}" },
            BusHarness.Entry("orders", detail: """[1,2]"""),
            BusHarness.Entry("orders", detail: """{"n":"""),
            BusHarness.Entry("nowhere"),
            new PutEventsRequestEntry { EventBusName = "orders", Source = "razors.test", Detail = "{}" },
            BusHarness.Entry("orders", detail: """{"n":8}"""));

        Assert.Equal(8, response.Entries.Count);
        Assert.Equal(5, response.FailedEntryCount);
        Assert.Equal(
            [null, null, "InvalidArgument", "MalformedDetail", "MalformedDetail", "ResourceNotFoundException", "InvalidArgument", null],
            response.Entries.Select(e => e.ErrorCode));
        Assert.All(response.Entries.Where(e => e.ErrorCode is null), e => Assert.NotNull(e.EventId));
        Assert.All(response.Entries.Where(e => e.ErrorCode is not null), e => Assert.Null(e.EventId));
        Assert.Contains("Source", response.Entries[2].ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("DetailType", response.Entries[6].ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(3, bus.Bridge.PendingDeliveryCount);
    }

    [Fact]
    public async Task targets_receive_the_eventbridge_envelope_with_the_detail_verbatim()
    {
        var resources = new List<string> { "arn:aws:dynamodb:local:000000000000:table/orders" };
        var entry = BusHarness.Entry("orders", detailType: "OrderPlaced", detail: """{"total":3.0e2,"items":[{"sku":"r1"}]}""");
        entry.Resources = resources;
        entry.Time = new DateTime(2026, 11, 20, 8, 30, 15, 250, DateTimeKind.Utc);
        var id = bus.PutOne(entry);

        await bus.DeliverAllAsync();

        var body = Assert.Single(bus.Messages("inbox")).Body;
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal(
            ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("0", root.GetProperty("version").GetString());
        Assert.Equal(id, root.GetProperty("id").GetString());
        Assert.Equal("OrderPlaced", root.GetProperty("detail-type").GetString());
        Assert.Equal("razors.test", root.GetProperty("source").GetString());
        Assert.Equal("000000000000", root.GetProperty("account").GetString());
        Assert.Equal("2026-11-20T08:30:15Z", root.GetProperty("time").GetString());
        Assert.Equal("local", root.GetProperty("region").GetString());
        Assert.Equal(resources, root.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("""{"total":3.0e2,"items":[{"sku":"r1"}]}""", root.GetProperty("detail").GetRawText());
    }

    [Fact]
    public async Task an_entry_without_a_time_gets_the_time_it_was_put()
    {
        bus.Time.Advance(TimeSpan.FromSeconds(42.7));
        bus.PutOne(BusHarness.Entry("orders"));

        await bus.DeliverAllAsync();

        var root = JsonDocument.Parse(Assert.Single(bus.Messages("inbox")).Body).RootElement;
        Assert.Equal("2026-11-23T10:00:42Z", root.GetProperty("time").GetString());
    }

    [Fact]
    public void every_put_gets_a_new_event_id_even_for_the_same_entry()
    {
        var entry = BusHarness.Entry("orders");

        var ids = Enumerable.Range(0, 3).SelectMany(_ => bus.Put(entry, entry).Entries).Select(e => e.EventId).ToList();

        Assert.Equal(6, ids.Distinct().Count());
    }

    [Fact]
    public void a_bus_can_be_named_by_its_arn()
    {
        var response = bus.Put(BusHarness.Entry("arn:aws:events:local:000000000000:event-bus/orders"));

        Assert.Equal(0, response.FailedEntryCount);
        Assert.Single(bus.Bridge.ReadArchive("orders", null, null, 10));
    }

    public void Dispose() => bus.Dispose();
}

public sealed class when_an_entry_is_measured_against_the_size_limit : IDisposable
{
    private const int Limit = 100;
    private readonly BusHarness bus = new(options: new LocalEventBridgeOptions { MaxEntrySizeBytes = Limit });

    public when_an_entry_is_measured_against_the_size_limit() => bus.Bus("orders");

    // Source "s" (1) + DetailType "t" (1) + Detail + each resource, in UTF-8 bytes, + 14 for Time.
    private static PutEventsRequestEntry Entry(int detailBytes, bool withTime = false, params string[] resources) => new()
    {
        EventBusName = "orders",
        Source = "s",
        DetailType = "t",
        Detail = $$"""{"p":"{{new string('x', detailBytes - 8)}}"}""",
        Resources = [.. resources],
        Time = withTime ? BusHarness.Start.UtcDateTime : null,
    };

    [Fact]
    public void an_entry_of_exactly_the_limit_is_accepted_and_one_byte_more_is_not()
    {
        var response = bus.Put(Entry(Limit - 2), Entry(Limit - 1));

        Assert.Null(response.Entries[0].ErrorCode);
        Assert.Equal("InvalidArgument", response.Entries[1].ErrorCode);
        Assert.Contains($"{Limit + 1} bytes", response.Entries[1].ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void a_time_counts_14_bytes_and_resources_count_their_utf8_bytes()
    {
        var response = bus.Put(
            Entry(Limit - 2 - 14, withTime: true),
            Entry(Limit - 2 - 13, withTime: true),
            Entry(Limit - 2 - 5, false, "é€"),
            Entry(Limit - 2 - 5, false, "é€x"));

        Assert.Equal([null, "InvalidArgument", null, "InvalidArgument"], response.Entries.Select(e => e.ErrorCode));
    }

    [Fact]
    public void the_default_limit_is_256_kb()
    {
        using var defaults = new BusHarness();
        defaults.Bus("orders");
        var detail = $$"""{"p":"{{new string('x', 256 * 1024 - 10)}}"}""";

        var response = defaults.Put(
            new PutEventsRequestEntry { EventBusName = "orders", Source = "s", DetailType = "t", Detail = detail },
            new PutEventsRequestEntry { EventBusName = "orders", Source = "s", DetailType = "tt", Detail = detail });

        Assert.Equal([null, "InvalidArgument"], response.Entries.Select(e => e.ErrorCode));
    }

    public void Dispose() => bus.Dispose();
}
