using System.Text.Json;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.Buses;

public sealed class when_a_target_fails_and_then_recovers : IDisposable
{
    private readonly BusHarness bus = new();

    [Fact]
    public async Task the_event_is_delivered_once_after_backing_off_and_nothing_is_dead_lettered()
    {
        bus.Bus("orders");
        var function = bus.Function("handler", failures: 3);
        bus.Rule("orders", "r", BusHarness.SourcePattern("razors.test"), BusHarness.ToFunction("fn", "handler", BusHarness.Retry(attempts: 3)));
        var id = bus.PutOne(BusHarness.Entry("orders"));

        await bus.Bridge.DispatchDueAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, function.Invocations);
        Assert.Equal(0, await bus.Bridge.DispatchDueAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, function.Invocations);

        await bus.DeliverAllAsync();

        Assert.Equal(4, function.Invocations);
        Assert.Equal(id, JsonDocument.Parse(Assert.Single(function.Received)).RootElement.GetProperty("id").GetString());
        Assert.Empty(bus.Messages(BusHarness.DeadLetterQueue));
    }

    public void Dispose() => bus.Dispose();
}

public sealed class when_retries_run_out : IDisposable
{
    private readonly BusHarness bus = new();

    public when_retries_run_out() => bus.Bus("orders");

    [Fact]
    public async Task by_attempts_the_event_goes_to_the_dlq_with_the_six_attributes()
    {
        var function = bus.Function("handler", RecordingFunction.Forever);
        bus.Rule("orders", "r", BusHarness.SourcePattern("razors.test"), BusHarness.ToFunction("fn", "handler", BusHarness.Retry(attempts: 2)));
        var id = bus.PutOne(BusHarness.Entry("orders"));

        await bus.DeliverAllAsync();

        Assert.Equal(3, function.Invocations);
        var dead = Assert.Single(bus.Messages(BusHarness.DeadLetterQueue));
        Assert.Equal(id, JsonDocument.Parse(dead.Body).RootElement.GetProperty("id").GetString());
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["RULE_ARN"] = "arn:aws:events:local:000000000000:rule/orders/r",
                ["TARGET_ARN"] = "arn:aws:lambda:local:000000000000:function:handler",
                ["ERROR_CODE"] = "FUNCTION_ERROR",
                ["ERROR_MESSAGE"] = "InvalidOperationException: downstream unavailable",
                ["EXHAUSTED_RETRY_CONDITION"] = "MaximumRetryAttempts",
                ["RETRY_ATTEMPTS"] = "2",
            },
            dead.MessageAttributes);
    }

    [Fact]
    public async Task with_zero_attempts_the_first_failure_goes_to_the_dlq()
    {
        var function = bus.Function("handler", failures: 1);
        bus.Rule("orders", "r", BusHarness.SourcePattern("razors.test"), BusHarness.ToFunction("fn", "handler", BusHarness.Retry(attempts: 0)));
        bus.PutOne(BusHarness.Entry("orders"));

        await bus.Bridge.DispatchDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, function.Invocations);
        Assert.Equal(0, bus.Bridge.PendingDeliveryCount);
        Assert.Equal("0", Assert.Single(bus.Messages(BusHarness.DeadLetterQueue)).MessageAttributes["RETRY_ATTEMPTS"]);
    }

    [Fact]
    public async Task by_event_age_the_event_goes_to_the_dlq_before_the_attempts_run_out()
    {
        var function = bus.Function("handler", RecordingFunction.Forever);
        bus.Rule("orders", "r", BusHarness.SourcePattern("razors.test"), BusHarness.ToFunction("fn", "handler", BusHarness.Retry(attempts: 185, maxAgeSeconds: 60)));
        bus.PutOne(BusHarness.Entry("orders"));

        await bus.DeliverAllAsync();

        var attributes = Assert.Single(bus.Messages(BusHarness.DeadLetterQueue)).MessageAttributes;
        Assert.Equal("MaximumEventAgeInSeconds", attributes["EXHAUSTED_RETRY_CONDITION"]);
        var retries = int.Parse(attributes["RETRY_ATTEMPTS"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retries, 1, 184);
        Assert.Equal(retries + 1, function.Invocations);
        Assert.True(bus.Time.GetUtcNow() - BusHarness.Start <= TimeSpan.FromSeconds(60) + bus.Options.RetryMaxDelay);
    }

    public void Dispose() => bus.Dispose();
}

public sealed class when_the_target_does_not_exist : IDisposable
{
    private readonly BusHarness bus = new();

    public when_the_target_does_not_exist() => bus.Bus("orders");

    public static TheoryData<TargetDefinition, string> MissingTargets => new()
    {
        { BusHarness.ToQueue("q", "no-such-queue"), "arn:aws:sqs:local:000000000000:no-such-queue" },
        { BusHarness.ToBus("b", "no-such-bus"), "arn:aws:events:local:000000000000:event-bus/no-such-bus" },
        { BusHarness.ToFunction("f", "no-such-function"), "arn:aws:lambda:local:000000000000:function:no-such-function" },
        { BusHarness.ToDeliveryStream("s", "no-such-stream"), "arn:aws:firehose:local:000000000000:deliverystream/no-such-stream" },
    };

    [Theory]
    [MemberData(nameof(MissingTargets))]
    public async Task the_event_goes_straight_to_the_dlq_as_no_resource(TargetDefinition target, string targetArn)
    {
        bus.Rule("orders", "r", BusHarness.SourcePattern("razors.test"), target);
        var id = bus.PutOne(BusHarness.Entry("orders"));

        await bus.Bridge.DispatchDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, bus.Bridge.PendingDeliveryCount);
        var dead = Assert.Single(bus.Messages(BusHarness.DeadLetterQueue));
        Assert.Equal(id, JsonDocument.Parse(dead.Body).RootElement.GetProperty("id").GetString());
        Assert.Equal("NO_RESOURCE", dead.MessageAttributes["ERROR_CODE"]);
        Assert.Equal(targetArn, dead.MessageAttributes["TARGET_ARN"]);
        Assert.Equal("0", dead.MessageAttributes["RETRY_ATTEMPTS"]);
    }

    public void Dispose() => bus.Dispose();
}

public sealed class when_the_dead_letter_queue_is_missing : IDisposable
{
    private readonly BusHarness bus = new();

    [Fact]
    public async Task the_event_stays_pending_until_the_dlq_takes_it()
    {
        bus.Bus("orders");
        bus.Rule("orders", "r", BusHarness.SourcePattern("razors.test"), new QueueTarget("q", "no-such-queue", BusHarness.Retry(), "late-dlq"));
        var id = bus.PutOne(BusHarness.Entry("orders"));

        await bus.Bridge.DispatchDueAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, bus.Bridge.PendingDeliveryCount);

        bus.Queue("late-dlq");
        await bus.DeliverAllAsync();

        var dead = Assert.Single(bus.Messages("late-dlq"));
        Assert.Equal(id, JsonDocument.Parse(dead.Body).RootElement.GetProperty("id").GetString());
        Assert.Equal("NO_RESOURCE", dead.MessageAttributes["ERROR_CODE"]);
    }

    public void Dispose() => bus.Dispose();
}

public sealed class when_one_target_keeps_failing : IDisposable
{
    private readonly BusHarness bus = new();

    [Fact]
    public async Task other_targets_and_later_events_are_delivered_meanwhile()
    {
        bus.Bus("orders");
        bus.Queue("healthy");
        var broken = bus.Function("broken", RecordingFunction.Forever);
        bus.Rule("orders", "r", BusHarness.SourcePattern("razors.test"),
            BusHarness.ToFunction("broken", "broken", BusHarness.Retry(attempts: 185)), BusHarness.ToQueue("healthy", "healthy"));

        bus.PutOne(BusHarness.Entry("orders"));
        await bus.Bridge.DispatchDueAsync(TestContext.Current.CancellationToken);
        bus.PutOne(BusHarness.Entry("orders"));
        await bus.Bridge.DispatchDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, bus.Messages("healthy").Count);
        Assert.Equal(2, broken.Invocations);
        Assert.Equal(2, bus.Bridge.PendingDeliveryCount);
    }

    public void Dispose() => bus.Dispose();
}
