using Microsoft.Extensions.Time.Testing;
using Razors.Messaging.Outbox;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Payments.Tests.Relay;

/// <summary>
/// Four payments with three events each go through the FIFO queue in one batch of ten and the
/// rest; the bus refuses the second event of one payment on every attempt the relay makes, then
/// takes it once the message comes back after its visibility timeout.
/// </summary>
public sealed class when_the_bus_refuses_one_event_of_a_payment : IAsyncDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("razors-fifo-relay-").FullName;
    private readonly FakeTimeProvider clock = new(Samples.Now);
    private readonly RecordingEventBridge bus = new();
    private readonly InterleavedPayments payments = new(count: 4);
    private RelayProcess? process;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task later_events_of_that_payment_are_not_put_before_it()
    {
        var (refused, later) = await RelayWhileRefusedAsync();

        var accepted = bus.Accepted.Select(e => e.EventId).ToList();
        Assert.DoesNotContain(refused.EventId, accepted);
        Assert.DoesNotContain(later.EventId, accepted);
        foreach (var payment in payments.Committed.GroupBy(r => r.AggregateId))
        {
            var put = bus.Accepted.Where(e => e.PaymentId == payment.Key).Select(e => e.EventId).ToList();
            Assert.Equal(payment.Take(put.Count).Select(r => r.EventId), put);
        }
    }

    [Fact]
    public async Task the_refused_message_waits_in_the_queue_and_is_not_dead_lettered()
    {
        await RelayWhileRefusedAsync();

        Assert.NotEqual(0, process!.Queues.GetStats(PaymentsTopology.Outbox.Name).InFlight);
        Assert.Equal(0, process.Queues.GetStats(PaymentsTopology.OutboxDeadLetterQueue.Name).Total);
    }

    [Fact]
    public async Task once_the_bus_takes_it_every_event_is_put_once_in_per_payment_order()
    {
        await RelayWhileRefusedAsync();

        bus.Refuses = _ => false;
        clock.Advance(TimeSpan.FromSeconds(PaymentsTopology.Outbox.VisibilityTimeoutSeconds));
        await DrainAsync();

        BusAssert.EachOnceInPaymentOrder(payments.Committed, bus.Accepted);
        Assert.Equal(0, process!.Queues.GetStats(PaymentsTopology.Outbox.Name).Total);
        Assert.Equal(0, process.Queues.GetStats(PaymentsTopology.OutboxDeadLetterQueue.Name).Total);
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
        }

        Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>
    /// Relays everything the mapping can receive while the bus refuses the second event of the
    /// second payment; returns that event and the same payment's next one.
    /// </summary>
    private async Task<(OutboxRecord Refused, OutboxRecord Later)> RelayWhileRefusedAsync()
    {
        process = RelayProcess.Open(dataDirectory, clock, bus);
        for (var round = 0; round < 3; round++)
        {
            await payments.CommitRoundAsync(process.Store);
        }

        var (refused, later) = (payments.Committed[5], payments.Committed[9]);
        Assert.Equal(refused.AggregateId, later.AggregateId);
        bus.Refuses = eventId => eventId == refused.EventId;

        process.StartWorker();
        await Eventually.TrueAsync(() => process.Changes.IsCaughtUp(RelayProcess.Consumer), TimeSpan.FromSeconds(20), "the worker caught up", Ct);
        await DrainAsync();
        return (refused, later);
    }

    /// <summary>
    /// Polls the mapping until a receive comes back empty. The queue's clock stands still meanwhile,
    /// so an empty receive means every message left is in flight or behind one of its group that is.
    /// </summary>
    private async Task DrainAsync()
    {
        while (await process!.Mapping.PollOnceAsync(Ct) > 0)
        {
        }
    }
}
