using Microsoft.Extensions.Time.Testing;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Payments.Tests.Relay;

/// <summary>
/// Four payments with three events each are committed; the worker dies after sending one record
/// and before marking it or saving its token. While it is down another round commits and the
/// change log's history is trimmed past everything. The restarted worker finds its token gone,
/// republishes the pending set, and one more round commits on the fresh stream.
/// </summary>
public sealed class when_the_change_stream_history_is_lost : IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("razors-history-gap-").FullName;
    private readonly FakeTimeProvider clock = new(Samples.Now);
    private readonly RecordingEventBridge bus = new();
    private readonly InterleavedPayments payments = new(count: 4);

    [Fact]
    public async Task every_pending_record_reaches_the_bus_once_in_per_payment_order_and_nothing_committed_is_missing()
    {
        await using (var first = RelayProcess.Open(dataDirectory, clock, bus))
        {
            for (var round = 0; round < 3; round++)
            {
                await payments.CommitRoundAsync(first.Store);
            }

            first.StartMapping();
            first.StartWorker(new Crash(payments.Committed[5].EventId, CrashPoint.AfterTheSend));
            await first.DiedAsync();
            await payments.CommitRoundAsync(first.Store);
            first.LoseHistory();
            Assert.Equal(payments.Committed.Skip(5).Select(r => r.EventId), await first.PendingAsync());
        }

        // Inside SQS's 5-minute deduplication window: the record sent before the crash is sent again and dropped.
        clock.Advance(TimeSpan.FromMinutes(1));
        await using var second = RelayProcess.Open(dataDirectory, clock, bus);
        second.StartMapping();
        // The samples are committed at a fixed past time: a long grace period keeps the start sweep
        // out, so only the recovery from the gap can send what the stream lost.
        var restarted = second.StartWorker(options: RelayProcess.WorkerOptions with { SweepGracePeriod = TimeSpan.FromDays(3650) });
        await Eventually.TrueAsync(async () => (await second.PendingAsync()).Count == 0, TimeSpan.FromSeconds(20), "the pending set republished", TestContext.Current.CancellationToken);
        await payments.CommitRoundAsync(second.Store);
        await second.CaughtUpAsync();

        BusAssert.EachOnceInPaymentOrder(payments.Committed, bus.Accepted);
        Assert.Equal(payments.Committed.Skip(5).Select(r => r.EventId), restarted.Sent);
        Assert.Empty(await second.PendingAsync());
        Assert.Equal(0, second.Queues.GetStats(PaymentsTopology.OutboxDeadLetterQueue.Name).Total);
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);
}
