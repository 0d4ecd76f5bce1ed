using System.Diagnostics.Metrics;
using Razors.Messaging;
using Razors.Payments.Features.RelayOutbox;
using Razors.Payments.Service.Tests.Fakes;

namespace Razors.Payments.Service.Tests.Worker;

public sealed class when_the_stream_history_no_longer_holds_the_saved_token : IAsyncDisposable
{
    private readonly WorkerHarness harness = new();

    public ValueTask DisposeAsync() => harness.DisposeAsync();

    [Fact]
    public async Task every_pending_record_is_sent_again_in_commit_order_the_gap_is_counted_and_the_worker_carries_on_from_a_fresh_token()
    {
        var (a, b) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var sentBefore = WorkerHarness.Record(a);
        harness.Changes.Append(sentBefore);
        var queue = new RecordingOutboxQueue();
        harness.Start(queue);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(0), "the first record sent");
        await harness.StopAsync();

        // While the worker is down, records commit and the history is trimmed past its token.
        var missed = new[] { WorkerHarness.Record(b), WorkerHarness.Record(a, version: 2), WorkerHarness.Record(b, version: 2) };
        harness.Changes.Append(missed);
        harness.Changes.LoseHistory();
        using var gaps = new GapCounter();

        harness.Start(queue);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(3), "the fresh token saved");
        var later = WorkerHarness.Record(a, version: 3);
        harness.Changes.Append(later);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(4), "the next record sent on the fresh stream");

        Assert.Equal([sentBefore.EventId, .. missed.Select(r => r.EventId), later.EventId], WorkerHarness.EventIds(queue));
        Assert.Equal(1, gaps.Count);
        Assert.All(harness.Changes.Settled.Values, how => Assert.Equal("sent", how));
        Assert.Equal(5, harness.Changes.Settled.Count);
    }

    [Fact]
    public async Task a_recovery_cut_short_is_run_again_so_no_pending_record_is_left_behind()
    {
        var records = Enumerable.Range(0, 3).Select(_ => WorkerHarness.Record(Guid.CreateVersion7())).ToArray();
        harness.Changes.Append(records);
        harness.Changes.LoseHistory();
        var fails = 1;
        var queue = new RecordingOutboxQueue { Fails = (m, _) => m.MessageDeduplicationId == records[1].EventId.ToString() && Interlocked.Decrement(ref fails) >= 0 };

        harness.Start(queue);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(2), "the fresh token saved");

        Assert.Equal(records.Select(r => r.EventId), WorkerHarness.EventIds(queue).Distinct());
        Assert.Equal(3, harness.Changes.Settled.Count);
    }

    /// <summary>Listens to <c>razors.outbox.history_gaps</c> of this worker (the meter is process-wide).</summary>
    private sealed class GapCounter : IDisposable
    {
        private readonly MeterListener listener = new();
        private int count;

        public GapCounter()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RazorsTelemetry.Name && instrument.Name == "razors.outbox.history_gaps")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "relay", Value: nameof(OutboxChangeWorker) })
                    {
                        Interlocked.Add(ref count, (int)value);
                    }
                }
            });
            listener.Start();
        }

        public int Count => Volatile.Read(ref count);

        public void Dispose() => listener.Dispose();
    }
}

public sealed class when_a_record_can_never_be_read_or_sent : IAsyncDisposable
{
    private static readonly OutboxChangeWorkerOptions Options = WorkerHarness.Options with { MaxPoisonAttempts = 3, MaxMessageBytes = 2048 };

    private readonly WorkerHarness harness = new();

    public ValueTask DisposeAsync() => harness.DisposeAsync();

    [Fact]
    public async Task an_unreadable_document_is_tried_the_bounded_number_of_times_then_dead_lettered_with_the_reason_and_the_worker_moves_on()
    {
        var payment = Guid.CreateVersion7().ToString();
        var poison = harness.Changes.AppendUnreadable(payment);
        var next = WorkerHarness.Record(Guid.CreateVersion7());
        harness.Changes.Append(next);
        var queue = new RecordingOutboxQueue();

        harness.Start(queue, Options);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(1), "the record after the poison sent");

        var letter = Assert.Single(harness.DeadLetters.Letters);
        Assert.Equal((payment, poison.Id), (letter.MessageGroupId, letter.DeduplicationId));
        Assert.Equal(poison.Stored, letter.Body);
        Assert.StartsWith("Unreadable outbox document", letter.Reason, StringComparison.Ordinal);
        Assert.Equal("dead-lettered", harness.Changes.Settled[poison.Id]);
        Assert.Equal([next.EventId], WorkerHarness.EventIds(queue));
    }

    [Fact]
    public async Task a_record_over_the_message_limit_goes_to_the_dlq_named_by_its_payment_and_id_never_to_the_queue()
    {
        var payment = Guid.CreateVersion7();
        var large = WorkerHarness.Record(payment) with { Detail = $$$"""{"metadata":{},"data":{"pad":"{{{new string('x', 4096)}}}"}}""" };
        harness.Changes.Append(large);
        var queue = new RecordingOutboxQueue();

        harness.Start(queue, Options);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(0), "the large record's token saved");

        var letter = Assert.Single(harness.DeadLetters.Letters);
        Assert.Equal((payment.ToString(), large.EventId.ToString()), (letter.MessageGroupId, letter.DeduplicationId));
        Assert.Contains("over the SQS message limit of 2048", letter.Reason, StringComparison.Ordinal);
        Assert.Contains(large.EventId.ToString(), letter.Body, StringComparison.Ordinal);
        Assert.Empty(queue.Sent);
        Assert.Equal(0, queue.Attempts);
    }

    [Fact]
    public async Task a_transient_send_failure_is_retried_past_the_bound_and_never_dead_lettered()
    {
        var record = WorkerHarness.Record(Guid.CreateVersion7());
        harness.Changes.Append(record);
        var queue = new RecordingOutboxQueue { Fails = (_, attempt) => attempt <= Options.MaxPoisonAttempts + 2 };

        harness.Start(queue, Options);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(0), "the record sent");

        Assert.Empty(harness.DeadLetters.Letters);
        Assert.Equal([record.EventId], WorkerHarness.EventIds(queue));
    }
}

public sealed class when_the_worker_sent_a_record_but_did_not_mark_it : IAsyncDisposable
{
    private readonly WorkerHarness harness = new();

    public ValueTask DisposeAsync() => harness.DisposeAsync();

    [Fact]
    public async Task the_failed_mark_is_only_logged_and_the_next_start_sweep_sends_it_again_once_past_the_grace_period()
    {
        // Committed a while ago; the mark fails, so it stays pending although its token is saved.
        var record = WorkerHarness.Record(Guid.CreateVersion7(), occurredAt: TimeProvider.System.GetUtcNow() - TimeSpan.FromMinutes(1));
        harness.Changes.Append(record);
        harness.Changes.FailNextMarks(1);
        var queue = new RecordingOutboxQueue();
        harness.Start(queue);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(0), "the token saved despite the failed mark");
        await harness.StopAsync();
        Assert.Empty(harness.Changes.Settled);

        harness.Start(queue, WorkerHarness.Options with { SweepGracePeriod = TimeSpan.FromSeconds(30) });
        await WorkerHarness.UntilAsync(() => harness.Changes.Settled.ContainsKey(record.EventId.ToString()), "the sweep sent and marked it");

        Assert.Equal([record.EventId, record.EventId], WorkerHarness.EventIds(queue));
        Assert.Equal(InMemoryOutboxChanges.TokenOf(0), harness.SavedToken);
    }

    [Fact]
    public async Task while_it_runs_the_periodic_sweep_sends_it_again_once_past_the_grace_period()
    {
        var record = WorkerHarness.Record(Guid.CreateVersion7());
        harness.Changes.Append(record);
        harness.Changes.FailNextMarks(1);
        var queue = new RecordingOutboxQueue();

        harness.Start(queue, WorkerHarness.Options with { SweepGracePeriod = TimeSpan.FromMilliseconds(200), SweepInterval = TimeSpan.FromMilliseconds(100) });
        await WorkerHarness.UntilAsync(() => harness.Changes.Settled.ContainsKey(record.EventId.ToString()), "a sweep sent and marked it");

        Assert.Equal([record.EventId, record.EventId], WorkerHarness.EventIds(queue));
        Assert.Equal(InMemoryOutboxChanges.TokenOf(0), harness.SavedToken);
    }

    [Fact]
    public async Task a_record_inside_the_grace_period_is_left_to_the_stream()
    {
        var record = WorkerHarness.Record(Guid.CreateVersion7());
        harness.Changes.Append(record);
        harness.Changes.FailNextMarks(1);
        var queue = new RecordingOutboxQueue();
        harness.Start(queue);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(0), "the token saved");
        await harness.StopAsync();

        harness.Start(queue);
        var next = WorkerHarness.Record(Guid.CreateVersion7());
        harness.Changes.Append(next);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(1), "the next record sent");

        Assert.Equal([record.EventId, next.EventId], WorkerHarness.EventIds(queue));
    }
}
