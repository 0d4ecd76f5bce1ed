using System.Text.Json;
using Razors.LocalCloud.Buses;

namespace Razors.LocalCloud.Tests.Buses;

public sealed class when_the_process_restarts_before_delivery : IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "razors-buses-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task accepted_events_are_delivered_by_the_next_process()
    {
        var ids = new List<string>();
        using (var before = new BusHarness(dataDirectory))
        {
            before.Bus("orders");
            before.Queue("inbox");
            before.Function("flaky", failures: 1);
            before.Rule("orders", "r", BusHarness.SourcePattern("razors.test"), BusHarness.ToQueue("inbox", "inbox"));
            before.Rule("orders", "fn", BusHarness.SourcePattern("razors.test"), BusHarness.ToFunction("fn", "flaky"));
            ids.Add(before.PutOne(BusHarness.Entry("orders")));
            await before.Bridge.DispatchDueAsync(TestContext.Current.CancellationToken);
            ids.Add(before.PutOne(BusHarness.Entry("orders")));
            Assert.Equal(3, before.Bridge.PendingDeliveryCount);
        }

        using var after = new BusHarness(dataDirectory);
        var function = after.Function("flaky");

        Assert.Equal(3, after.Bridge.PendingDeliveryCount);
        Assert.Equal(["r", "fn"], after.Bridge.ListRules("orders").Select(r => r.Name));
        await after.DeliverAllAsync();

        Assert.Equal(ids, after.Messages("inbox").Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("id").GetString()));
        // The first event's retry is due after the second event's first try: targets get no ordering guarantee.
        Assert.Equal(ids.Order(), function.Received.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("id").GetString()).Order());
        Assert.Equal(ids, after.Bridge.ReadArchive("orders", null, null, 10).Select(e => e.EventId));
    }

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}

public sealed class when_the_dispatcher_runs : IDisposable
{
    private readonly BusHarness bus = new();

    [Fact]
    public async Task it_delivers_events_as_they_are_committed_and_stops_when_cancelled()
    {
        bus.Bus("orders");
        bus.Queue("inbox");
        bus.Rule("orders", "r", BusHarness.SourcePattern("razors.test"), BusHarness.ToQueue("inbox", "inbox"));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = bus.Bridge.RunAsync(stop.Token);

        bus.PutOne(BusHarness.Entry("orders"));
        await WaitUntil(() => bus.Messages("inbox").Count == 1);
        bus.PutOne(BusHarness.Entry("orders"));
        await WaitUntil(() => bus.Messages("inbox").Count == 2);

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(0, bus.Bridge.PendingDeliveryCount);
    }

    [Fact]
    public async Task a_retry_waits_for_its_back_off_on_the_clock()
    {
        // The harness's clock stands still unless the test advances it, so nothing else can make
        // a back-off due.
        using var quick = new BusHarness(options: new LocalEventBridgeOptions
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        });
        quick.Bus("orders");
        var function = quick.Function("flaky", failures: 2);
        quick.Rule("orders", "r", BusHarness.SourcePattern("razors.test"), BusHarness.ToFunction("fn", "flaky"));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = quick.Bridge.RunAsync(stop.Token);

        quick.PutOne(BusHarness.Entry("orders"));
        await WaitUntil(() => quick.Bridge.PendingDeliveryCount == 1 && function.Invocations == 1);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal(1, function.Invocations);

        // The dispatcher may read the clock before or after each advance; advancing on every poll
        // (rather than once) makes the back-off due whichever it did.
        await WaitUntil(() => function.Received.Count == 1, tick: () => quick.Time.Advance(TimeSpan.FromMilliseconds(50)));

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(3, function.Invocations);
        Assert.Equal(0, quick.Bridge.PendingDeliveryCount);
    }

    private static async Task WaitUntil(Func<bool> condition, Action? tick = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 60 s");
            tick?.Invoke();
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    public void Dispose() => bus.Dispose();
}
