using System.Text.Json;

namespace Razors.LocalCloud.Tests.Buses;

public sealed class when_events_match_rules : IDisposable
{
    private readonly BusHarness bus = new();

    public when_events_match_rules()
    {
        bus.Bus("stock");
        foreach (var queue in new[] { "allocated-a", "allocated-b", "any-stock", "payments" })
        {
            bus.Queue(queue);
        }

        bus.Rule("stock", "allocated", """{"source":["razors.stock"],"detail-type":["StockAllocated"]}""",
            BusHarness.ToQueue("a", "allocated-a"), BusHarness.ToQueue("b", "allocated-b"));
        bus.Rule("stock", "everything-from-stock", BusHarness.SourcePattern("razors.stock"), BusHarness.ToQueue("any", "any-stock"));
        bus.Rule("stock", "payments-only", BusHarness.SourcePattern("razors.payments"), BusHarness.ToQueue("p", "payments"));
    }

    [Fact]
    public async Task each_matching_rule_delivers_to_every_one_of_its_targets()
    {
        var allocated = bus.PutOne(BusHarness.Entry("stock", "razors.stock", "StockAllocated"));
        var failed = bus.PutOne(BusHarness.Entry("stock", "razors.stock", "StockAllocationFailed"));

        Assert.Equal(4, bus.Bridge.PendingDeliveryCount);
        await bus.DeliverAllAsync();

        Assert.Equal([allocated], Ids("allocated-a"));
        Assert.Equal([allocated], Ids("allocated-b"));
        Assert.Equal([allocated, failed], Ids("any-stock"));
        Assert.Empty(Ids("payments"));
    }

    [Fact]
    public void an_event_no_rule_matches_is_archived_with_nothing_to_deliver()
    {
        var id = bus.PutOne(BusHarness.Entry("stock", "razors.subscription", "SubscriptionCreated"));

        Assert.Equal(0, bus.Bridge.PendingDeliveryCount);
        Assert.Equal(id, Assert.Single(bus.Bridge.ReadArchive("stock", null, null, 10)).EventId);
    }

    [Fact]
    public async Task a_pattern_on_the_detail_uses_the_full_pattern_language()
    {
        bus.Queue("big-allocations");
        bus.Rule("stock", "big", """{"detail":{"metadata":{"eventType":[{"prefix":"razors.stock."}]},"data":{"units":[{"numeric":[">=",12]}]}}}""",
            BusHarness.ToQueue("big", "big-allocations"));

        var big = bus.PutOne(BusHarness.Entry("stock", "razors.stock", "StockAllocated",
            """{"metadata":{"eventType":"razors.stock.allocated.v1"},"data":{"units":12.0}}"""));
        bus.PutOne(BusHarness.Entry("stock", "razors.stock", "StockAllocated",
            """{"metadata":{"eventType":"razors.stock.allocated.v1"},"data":{"units":11}}"""));
        bus.PutOne(BusHarness.Entry("stock", "razors.stock", "PaymentCreated",
            """{"metadata":{"eventType":"razors.payments.created.v1"},"data":{"units":12}}"""));

        await bus.DeliverAllAsync();

        Assert.Equal([big], Ids("big-allocations"));
    }

    private List<string?> Ids(string queue) =>
        [.. bus.Messages(queue).Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("id").GetString())];

    public void Dispose() => bus.Dispose();
}

public sealed class when_a_rule_targets_another_bus : IDisposable
{
    private readonly BusHarness bus = new();

    public when_a_rule_targets_another_bus()
    {
        foreach (var name in new[] { "stock", "subscription", "payments" })
        {
            bus.Bus(name);
        }

        bus.Queue("subscription-inbox");
        bus.Queue("payments-inbox");
        bus.Rule("stock", "to-subscription", BusHarness.SourcePattern("razors.stock"), BusHarness.ToBus("subscription", "subscription"));
        bus.Rule("subscription", "stock-events", BusHarness.SourcePattern("razors.stock"),
            BusHarness.ToQueue("inbox", "subscription-inbox"), BusHarness.ToBus("payments", "payments"));
        bus.Rule("payments", "stock-events", BusHarness.SourcePattern("razors.stock"), BusHarness.ToQueue("inbox", "payments-inbox"));
    }

    [Fact]
    public async Task the_receiving_bus_gets_the_same_event()
    {
        var entry = BusHarness.Entry("stock", "razors.stock", "StockAllocated", """{"units":12}""");
        entry.Resources = ["r1"];
        var id = bus.PutOne(entry);

        await bus.DeliverAllAsync();

        var original = JsonDocument.Parse(Assert.Single(bus.Bridge.ReadArchive("stock", null, null, 10)).Json).RootElement;
        var forwarded = JsonDocument.Parse(Assert.Single(bus.Messages("subscription-inbox")).Body).RootElement;
        foreach (var field in new[] { "id", "source", "detail-type", "account", "time", "resources", "detail" })
        {
            Assert.Equal(original.GetProperty(field).GetRawText(), forwarded.GetProperty(field).GetRawText());
        }

        Assert.Equal(id, forwarded.GetProperty("id").GetString());
        var archived = Assert.Single(bus.Bridge.ReadArchive("subscription", null, null, 10));
        Assert.Equal("stock", archived.ForwardedFrom);
    }

    [Fact]
    public async Task the_receiving_bus_does_not_forward_it_to_a_third_bus()
    {
        bus.PutOne(BusHarness.Entry("stock", "razors.stock", "StockAllocated"));

        await bus.DeliverAllAsync();

        Assert.Single(bus.Messages("subscription-inbox"));
        Assert.Empty(bus.Bridge.ReadArchive("payments", null, null, 10));
        Assert.Empty(bus.Messages("payments-inbox"));
        Assert.Empty(bus.Messages(BusHarness.DeadLetterQueue));
    }

    [Fact]
    public async Task an_event_put_on_the_receiving_bus_itself_is_forwarded()
    {
        bus.PutOne(BusHarness.Entry("subscription", "razors.stock", "StockAllocated"));

        await bus.DeliverAllAsync();

        Assert.Single(bus.Messages("payments-inbox"));
    }

    public void Dispose() => bus.Dispose();
}
