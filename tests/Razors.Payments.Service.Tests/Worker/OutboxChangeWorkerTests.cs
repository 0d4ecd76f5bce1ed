using Razors.Payments.Service.Tests.Fakes;

namespace Razors.Payments.Service.Tests.Worker;

public sealed class when_the_worker_relays_committed_outbox_records : IAsyncDisposable
{
    private readonly WorkerHarness harness = new();
    private readonly RecordingOutboxQueue queue = new();

    public ValueTask DisposeAsync() => harness.DisposeAsync();

    [Fact]
    public async Task each_record_is_sent_in_commit_order_grouped_by_payment_and_deduplicated_by_event_id()
    {
        var (a, b) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var records = new[] { WorkerHarness.Record(a), WorkerHarness.Record(b), WorkerHarness.Record(a, version: 2) };
        harness.Changes.Append(records);

        harness.Start(queue);
        await WorkerHarness.UntilAsync(() => queue.Sent.Count == 3, "three records sent");

        Assert.Equal(
            records.Select(r => (r.AggregateId, r.EventId.ToString())),
            queue.Sent.Select(m => (m.MessageGroupId, m.MessageDeduplicationId)));
        Assert.Equal([a.ToString(), b.ToString(), a.ToString()], queue.Sent.Select(m => m.MessageGroupId));
    }

    [Fact]
    public async Task the_token_of_the_last_sent_record_is_saved()
    {
        harness.Changes.Append(WorkerHarness.Record(Guid.CreateVersion7()), WorkerHarness.Record(Guid.CreateVersion7()));

        harness.Start(queue);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(1), "the second record's token saved");

        Assert.Equal(2, queue.Sent.Count);
    }

    [Fact]
    public async Task records_committed_while_it_runs_are_sent_as_they_come()
    {
        harness.Start(queue);
        var record = WorkerHarness.Record(Guid.CreateVersion7());

        harness.Changes.Append(record);
        await WorkerHarness.UntilAsync(() => queue.Sent.Count == 1, "the new record sent");

        Assert.Equal(record.EventId.ToString(), queue.Sent[0].MessageDeduplicationId);
    }

    [Fact]
    public async Task a_restarted_worker_resumes_after_the_saved_token()
    {
        var records = Enumerable.Range(0, 3).Select(_ => WorkerHarness.Record(Guid.CreateVersion7())).ToArray();
        harness.Changes.Append(records[0]);
        harness.Start(queue);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(0), "the first token saved");
        await harness.StopAsync();

        harness.Changes.Append(records[1], records[2]);
        harness.Start(queue);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(2), "the last token saved");

        Assert.Equal(records.Select(r => r.EventId.ToString()), queue.Sent.Select(m => m.MessageDeduplicationId));
    }
}

public sealed class when_a_send_to_the_fifo_queue_fails : IAsyncDisposable
{
    private readonly WorkerHarness harness = new();

    public ValueTask DisposeAsync() => harness.DisposeAsync();

    [Fact]
    public async Task the_token_is_not_saved_and_a_restarted_worker_sends_the_record()
    {
        var record = WorkerHarness.Record(Guid.CreateVersion7());
        harness.Changes.Append(record);
        var down = new RecordingOutboxQueue { Fails = (_, _) => true };
        harness.Start(down);
        await WorkerHarness.UntilAsync(() => down.Attempts >= 2, "the send tried and retried");
        await harness.StopAsync();
        Assert.Null(harness.SavedToken);

        var up = new RecordingOutboxQueue();
        harness.Start(up);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(0), "the token saved after the send");

        Assert.Equal(record.EventId.ToString(), Assert.Single(up.Sent).MessageDeduplicationId);
    }

    [Fact]
    public async Task the_record_is_retried_until_it_is_sent_and_none_after_it_is_skipped()
    {
        var records = Enumerable.Range(0, 3).Select(_ => WorkerHarness.Record(Guid.CreateVersion7())).ToArray();
        var flaky = records[1].EventId.ToString();
        var failuresLeft = 3;
        var queue = new RecordingOutboxQueue { Fails = (m, _) => m.MessageDeduplicationId == flaky && Interlocked.Decrement(ref failuresLeft) >= 0 };
        harness.Changes.Append(records);

        harness.Start(queue);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(2), "the last token saved");

        Assert.Equal(records.Select(r => r.EventId.ToString()), queue.Sent.Select(m => m.MessageDeduplicationId));
        Assert.Equal(3 + 3, queue.Attempts);
    }

    [Fact]
    public async Task a_token_that_cannot_be_saved_means_the_record_is_sent_again_not_lost()
    {
        var records = new[] { WorkerHarness.Record(Guid.CreateVersion7()), WorkerHarness.Record(Guid.CreateVersion7()) };
        harness.Tokens.FailNextSaves(1);
        var queue = new RecordingOutboxQueue();
        harness.Changes.Append(records);

        harness.Start(queue);
        await WorkerHarness.UntilAsync(() => harness.SavedToken == InMemoryOutboxChanges.TokenOf(1), "the last token saved");

        // The queue's deduplication on the event id delivers the repeated first send once.
        Assert.Equal(
            [records[0].EventId, records[0].EventId, records[1].EventId],
            queue.Sent.Select(m => Guid.Parse(m.MessageDeduplicationId)));
    }
}
