using Razors.LocalCloud.Buses;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.Buses;

public sealed class when_a_rule_is_put : IDisposable
{
    private readonly BusHarness bus = new();

    public when_a_rule_is_put() => bus.Bus("orders");

    private LocalEventBridgeException Rejected(string pattern, params TargetDefinition[] targets) =>
        Assert.Throws<LocalEventBridgeException>(() => bus.Rule("orders", "r", pattern, targets));

    [Fact]
    public void an_invalid_pattern_is_rejected_with_the_parsers_reason()
    {
        var error = Rejected("""{"source":"razors.stock"}""");

        Assert.Equal("InvalidEventPatternException", error.ErrorCode);
        Assert.StartsWith("Event pattern is not valid. Reason: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("source", error.Message, StringComparison.Ordinal);
        Assert.Empty(bus.Bridge.ListRules("orders"));
    }

    [Theory]
    [InlineData(-1, 60)]
    [InlineData(186, 60)]
    [InlineData(0, 59)]
    [InlineData(185, 86_401)]
    public void a_retry_policy_out_of_range_is_rejected(int attempts, int maxAgeSeconds)
    {
        var error = Rejected(BusHarness.SourcePattern("a"), BusHarness.ToQueue("q", "inbox", new RetryPolicy(attempts, maxAgeSeconds)));

        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(185, 86_400)]
    public void a_retry_policy_at_the_bounds_is_accepted(int attempts, int maxAgeSeconds)
    {
        bus.Rule("orders", "r", BusHarness.SourcePattern("a"), BusHarness.ToQueue("q", "inbox", new RetryPolicy(attempts, maxAgeSeconds)));

        Assert.Equal(new RetryPolicy(attempts, maxAgeSeconds), Assert.Single(Assert.Single(bus.Bridge.ListRules("orders")).Targets).RetryPolicy);
    }

    [Fact]
    public void a_fifo_queue_target_without_a_message_group_id_is_rejected()
    {
        var error = Rejected(BusHarness.SourcePattern("a"), BusHarness.ToQueue("q", "inbox.fifo"));

        Assert.Contains("MessageGroupId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_fifo_dead_letter_queue_is_rejected()
    {
        var error = Rejected(BusHarness.SourcePattern("a"), new QueueTarget("q", "inbox", BusHarness.Retry(), "dlq.fifo"));

        Assert.Contains("standard queue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void two_targets_with_one_id_are_rejected()
    {
        var error = Rejected(BusHarness.SourcePattern("a"), BusHarness.ToQueue("q", "a"), BusHarness.ToQueue("q", "b"));

        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public void a_rule_on_an_unknown_bus_is_rejected()
    {
        var error = Assert.Throws<LocalEventBridgeException>(() => bus.Rule("nowhere", "r", BusHarness.SourcePattern("a")));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }

    [Fact]
    public void putting_a_rule_again_replaces_its_pattern_and_targets()
    {
        bus.Rule("orders", "r", BusHarness.SourcePattern("a"), BusHarness.ToQueue("q1", "one"), BusHarness.ToQueue("q2", "two"));
        bus.Rule("orders", "r", BusHarness.SourcePattern("b"), BusHarness.ToFunction("f", "fn"));
        bus.Rule("orders", "other", BusHarness.SourcePattern("c"));

        var rules = bus.Bridge.ListRules("orders");

        Assert.Equal(["r", "other"], rules.Select(r => r.Name));
        Assert.Equal(BusHarness.SourcePattern("b"), rules[0].EventPattern);
        Assert.Equal([BusHarness.ToFunction("f", "fn")], rules[0].Targets);
        Assert.Equal(["orders"], bus.Bridge.ListEventBuses().Select(b => b.Name));
    }

    public void Dispose() => bus.Dispose();
}
