using Microsoft.Extensions.Time.Testing;
using Razors.LocalCloud.Queues;
using Razors.Topology;

namespace Razors.Payments.Tests.Relay;

/// <summary>
/// Four payments with three events each are committed; the worker's process dies at the send of
/// one of those records; a new process, opened from the same files, commits one more event per
/// payment and runs until it has caught up. The bus outlives both processes.
/// </summary>
public abstract class RelayCrashTest : IDisposable
{
    private const int RoundsBeforeTheCrash = 3;

    private readonly string dataDirectory = Directory.CreateTempSubdirectory("razors-fifo-relay-").FullName;
    private readonly FakeTimeProvider clock = new(Samples.Now);

    private protected RecordingEventBridge Bus { get; } = new();

    private protected InterleavedPayments Payments { get; } = new(count: 4);

    /// <summary>What the queue accepted from the process that died, and from the one that replaced it.</summary>
    private protected (OutboxQueueProbe Died, OutboxQueueProbe Restarted) Sends { get; private set; }

    private protected string? SavedToken { get; private set; }

    /// <summary>The resume token of the newest outbox record.</summary>
    private protected string? LastToken { get; private set; }

    private protected QueueStats? OutboxQueue { get; private set; }

    private protected QueueStats? DeadLetterQueue { get; private set; }

    public void Dispose()
    {
        Directory.Delete(dataDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs the scenario, dying at the <paramref name="crashAt"/>-th committed record (0-based).</summary>
    private protected async Task CrashAndRestartAsync(CrashPoint point, int crashAt)
    {
        var ct = TestContext.Current.CancellationToken;
        OutboxQueueProbe died;
        await using (var first = RelayProcess.Open(dataDirectory, clock, Bus))
        {
            for (var round = 0; round < RoundsBeforeTheCrash; round++)
            {
                await Payments.CommitRoundAsync(first.Store);
            }

            first.StartMapping();
            died = first.StartWorker(new Crash(Payments.Committed[crashAt].EventId, point));
            await first.DiedAsync();
        }

        // The restart takes a minute: still inside SQS's 5-minute deduplication window.
        clock.Advance(TimeSpan.FromMinutes(1));

        await using var second = RelayProcess.Open(dataDirectory, clock, Bus);
        second.StartMapping();
        var restarted = second.StartWorker();
        await Payments.CommitRoundAsync(second.Store);
        await second.CaughtUpAsync();

        Sends = (died, restarted);
        SavedToken = await second.Tokens.LoadAsync(RelayProcess.Consumer, ct);
        LastToken = (await Watcher.TakeAsync(second.Changes, Payments.Committed.Count, null, ct))[^1].ResumeToken;
        OutboxQueue = second.Queues.GetStats(PaymentsTopology.Outbox.Name);
        DeadLetterQueue = second.Queues.GetStats(PaymentsTopology.OutboxDeadLetterQueue.Name);
    }
}

public sealed class when_the_worker_dies_between_reading_a_change_and_sending_it : RelayCrashTest
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(11)]
    public async Task every_committed_event_reaches_the_bus_once_in_per_payment_order(int crashAt)
    {
        await CrashAndRestartAsync(CrashPoint.BeforeTheSend, crashAt);

        BusAssert.EachOnceInPaymentOrder(Payments.Committed, Bus.Accepted);
    }

    [Fact]
    public async Task the_restarted_worker_sends_the_record_the_crash_interrupted_first()
    {
        await CrashAndRestartAsync(CrashPoint.BeforeTheSend, crashAt: 5);

        var interrupted = Payments.Committed[5].EventId;
        Assert.Equal(Payments.Committed.Take(5).Select(r => r.EventId), Sends.Died.Sent);
        Assert.Equal(interrupted, Sends.Restarted.Sent[0]);
    }

    [Fact]
    public async Task the_resume_token_ends_at_the_last_record_and_no_message_is_left_in_the_queue_or_its_dlq()
    {
        await CrashAndRestartAsync(CrashPoint.BeforeTheSend, crashAt: 5);

        Assert.Equal(LastToken, SavedToken);
        Assert.Equal(0, OutboxQueue!.Total);
        Assert.Equal(0, DeadLetterQueue!.Total);
    }
}

public sealed class when_the_worker_dies_between_sending_a_record_and_saving_its_token : RelayCrashTest
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(11)]
    public async Task every_committed_event_reaches_the_bus_once_in_per_payment_order(int crashAt)
    {
        await CrashAndRestartAsync(CrashPoint.AfterTheSend, crashAt);

        BusAssert.EachOnceInPaymentOrder(Payments.Committed, Bus.Accepted);
    }

    [Fact]
    public async Task the_record_is_sent_again_and_the_fifo_queue_delivers_it_once()
    {
        await CrashAndRestartAsync(CrashPoint.AfterTheSend, crashAt: 5);

        var resent = Payments.Committed[5].EventId;
        Assert.Equal(Payments.Committed.Take(6).Select(r => r.EventId), Sends.Died.Sent);
        Assert.Equal(resent, Sends.Restarted.Sent[0]);
        Assert.Single(Bus.Accepted, e => e.EventId == resent);
    }

    [Fact]
    public async Task the_resume_token_ends_at_the_last_record_and_no_message_is_left_in_the_queue_or_its_dlq()
    {
        await CrashAndRestartAsync(CrashPoint.AfterTheSend, crashAt: 5);

        Assert.Equal(LastToken, SavedToken);
        Assert.Equal(0, OutboxQueue!.Total);
        Assert.Equal(0, DeadLetterQueue!.Total);
    }
}
