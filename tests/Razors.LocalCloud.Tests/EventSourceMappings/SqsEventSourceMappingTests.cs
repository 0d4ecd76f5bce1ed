using Microsoft.Extensions.Logging;
using Razors.LocalCloud.EventSourceMappings;
using Razors.LocalCloud.Queues;
using Razors.LocalCloud.Tests.Queues;
using Razors.Lambda.Events;
using Razors.Testing;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.EventSourceMappings;

/// <summary>A queue, a scripted function and a mapping between them.</summary>
internal sealed class MappingBed : IDisposable
{
    public MappingBed(QueueDefinition queue, ScriptedFunction function, int batchSize = 10, bool reportBatchItemFailures = true)
    {
        Bed = new QueueBed().With(queue);
        Queue = queue.Name;
        Function = function;
        Mapping = new SqsEventSourceMapping(
            Bed.Queues,
            new QueueMappingDefinition("handler", queue.Name) { BatchSize = batchSize, ReportBatchItemFailures = reportBatchItemFailures },
            function,
            Bed.Time,
            Logger);
    }

    public QueueBed Bed { get; }
    public string Queue { get; }
    public ScriptedFunction Function { get; }
    public ListLogger<SqsEventSourceMapping> Logger { get; } = new();
    public SqsEventSourceMapping Mapping { get; }

    public QueueStats Stats => Bed.Queues.GetStats(Queue);

    public Task<int> PollOnceAsync() => Mapping.PollOnceAsync(TestContext.Current.CancellationToken);

    public List<string> SendAll(params string[] bodies) =>
        bodies.Select(body => Bed.Queues.SendMessage(Queue, new OutgoingMessage(body)).MessageId).ToList();

    public void Dispose() => Bed.Dispose();
}

public sealed class when_the_function_handles_a_batch : IDisposable
{
    private readonly MappingBed bed = new(QueueBed.Standard("inbox"), new ScriptedFunction());

    [Fact]
    public async Task the_batch_is_deleted()
    {
        bed.SendAll("one", "two", "three");

        Assert.Equal(3, await bed.PollOnceAsync());

        Assert.Equal(0, bed.Stats.Total);
        Assert.Equal([["one", "two", "three"]], bed.Function.BodiesPerBatch);
    }

    [Fact]
    public async Task each_record_carries_what_lambda_delivers()
    {
        bed.Bed.Queues.SendMessage("inbox", new OutgoingMessage("hello")
        {
            MessageAttributes = new Dictionary<string, string> { ["RULE_ARN"] = "arn:rule" },
        });

        await bed.PollOnceAsync();

        var record = bed.Function.Batches.Single().Records.Single();
        Assert.False(string.IsNullOrEmpty(record.MessageId));
        Assert.False(string.IsNullOrEmpty(record.ReceiptHandle));
        Assert.Equal("hello", record.Body);
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", record.Md5OfBody);
        Assert.Equal("1", record.Attributes["ApproximateReceiveCount"]);
        Assert.Equal(QueueBed.Start.ToUnixTimeMilliseconds().ToString(), record.Attributes["SentTimestamp"]);
        Assert.Equal("arn:rule", record.MessageAttributes["RULE_ARN"].StringValue);
        Assert.Equal("String", record.MessageAttributes["RULE_ARN"].DataType);
        Assert.Equal("aws:sqs", record.EventSource);
        Assert.Equal("arn:aws:sqs:local:000000000000:inbox", record.EventSourceArn);
        Assert.Equal("local", record.AwsRegion);
    }

    [Fact]
    public async Task an_empty_queue_invokes_nothing()
    {
        Assert.Equal(0, await bed.PollOnceAsync());
        Assert.Empty(bed.Function.Batches);
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_the_function_throws : IDisposable
{
    private readonly MappingBed bed = new(
        QueueBed.Standard("inbox") with { VisibilityTimeoutSeconds = 30 },
        new ScriptedFunction(_ => throw new InvalidOperationException("handler bug")));

    public when_the_function_throws() => bed.SendAll("one", "two");

    [Fact]
    public async Task the_whole_batch_stays_and_comes_back_after_the_visibility_timeout()
    {
        Assert.Equal(2, await bed.PollOnceAsync());
        Assert.Equal(2, bed.Stats.InFlight);
        Assert.Equal(0, await bed.PollOnceAsync());

        bed.Bed.Time.Advance(TimeSpan.FromSeconds(30));
        await bed.PollOnceAsync();

        var retried = bed.Function.Batches[1].Records;
        Assert.Equal(["one", "two"], retried.Select(r => r.Body));
        Assert.All(retried, r => Assert.Equal("2", r.Attributes["ApproximateReceiveCount"]));
    }

    [Fact]
    public async Task the_error_is_logged_with_the_exception()
    {
        await bed.PollOnceAsync();

        var error = Assert.Single(bed.Logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("handler bug", error.Exception?.Message);
        Assert.Contains("handler", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_the_function_reports_batch_item_failures : IDisposable
{
    private readonly MappingBed bed = new(QueueBed.Standard("inbox"), new ScriptedFunction(
        batch => ScriptedFunction.Failures(batch.Records.Where(r => r.Body!.StartsWith("bad", StringComparison.Ordinal)).Select(r => r.MessageId))));

    [Fact]
    public async Task only_the_reported_messages_stay()
    {
        var ids = bed.SendAll("good1", "bad1", "good2", "bad2");

        await bed.PollOnceAsync();

        Assert.Equal(new QueueStats("inbox", 0, InFlight: 2, 0), bed.Stats);
        Assert.Equal([ids[1], ids[3]], bed.Bed.Queues.Peek("inbox", 10).Select(m => m.MessageId));
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_the_function_response_is_empty
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task a_null_or_empty_response_deletes_the_whole_batch(bool nullResponse)
    {
        using var bed = new MappingBed(QueueBed.Standard("inbox"), new ScriptedFunction(_ => nullResponse ? null : new SQSBatchResponse()));
        bed.SendAll("one", "two");

        await bed.PollOnceAsync();

        Assert.Equal(0, bed.Stats.Total);
    }

    [Fact]
    public async Task without_report_batch_item_failures_a_failure_list_is_ignored()
    {
        using var bed = new MappingBed(
            QueueBed.Standard("inbox"),
            new ScriptedFunction(batch => ScriptedFunction.Failures(batch.Records[0].MessageId)),
            reportBatchItemFailures: false);
        bed.SendAll("one", "two");

        await bed.PollOnceAsync();

        Assert.Equal(0, bed.Stats.Total);
    }
}

public sealed class when_the_function_returns_an_invalid_batch_item_failure
{
    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("not-a-message-of-this-batch")]
    public async Task the_whole_batch_fails(string? itemIdentifier)
    {
        using var bed = new MappingBed(QueueBed.Standard("inbox"), new ScriptedFunction(
            batch => ScriptedFunction.Failures(batch.Records[1].MessageId, itemIdentifier)));
        bed.SendAll("one", "two", "three");

        await bed.PollOnceAsync();

        Assert.Equal(3, bed.Stats.InFlight);
        Assert.Contains(bed.Logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("invalid", StringComparison.Ordinal));
    }
}

public sealed class when_the_batch_size_is_above_ten
{
    [Fact]
    public async Task a_standard_queue_batch_is_gathered_from_several_receives()
    {
        using var bed = new MappingBed(QueueBed.Standard("inbox"), new ScriptedFunction(), batchSize: 25);
        bed.SendAll(Enumerable.Range(1, 30).Select(i => $"m{i}").ToArray());

        Assert.Equal(25, await bed.PollOnceAsync());
        Assert.Equal(5, await bed.PollOnceAsync());

        Assert.Equal([25, 5], bed.Function.Batches.Select(b => b.Records.Count));
    }

    [Fact]
    public void a_fifo_queue_refuses_it()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new MappingBed(QueueBed.Fifo("orders.fifo"), new ScriptedFunction(), batchSize: 11));

        Assert.Contains("BatchSize", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class when_a_fifo_function_stops_at_the_first_failure : IDisposable
{
    private readonly MappingBed bed;
    private int invocations;

    public when_a_fifo_function_stops_at_the_first_failure()
    {
        // The documented FIFO contract: on the first failure, report it and every later record.
        bed = new MappingBed(QueueBed.Fifo("orders.fifo") with { VisibilityTimeoutSeconds = 30 }, new ScriptedFunction(batch =>
        {
            var failAt = Interlocked.Increment(ref invocations) == 1 ? batch.Records.FindIndex(r => r.Body == "a2") : -1;
            return failAt < 0 ? null : ScriptedFunction.Failures(batch.Records.Skip(failAt).Select(r => r.MessageId));
        }));
        foreach (var (group, body) in new[] { ("a", "a1"), ("a", "a2"), ("b", "b1"), ("a", "a3") })
        {
            bed.Bed.SendFifo("orders.fifo", group, body);
        }
    }

    [Fact]
    public async Task the_rest_is_retried_in_order_after_the_visibility_timeout()
    {
        await bed.PollOnceAsync();
        Assert.Equal(0, await bed.PollOnceAsync());

        bed.Bed.Time.Advance(TimeSpan.FromSeconds(30));
        await bed.PollOnceAsync();

        Assert.Equal([["a1", "a2", "b1", "a3"], ["a2", "b1", "a3"]], bed.Function.BodiesPerBatch);
        Assert.Equal(0, bed.Stats.Total);
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_a_fifo_batch_is_in_the_function : IDisposable
{
    private readonly MappingBed bed;
    private readonly List<string> receivedMeanwhile = [];

    public when_a_fifo_batch_is_in_the_function()
    {
        QueueBed? queues = null;
        bed = new MappingBed(QueueBed.Fifo("orders.fifo"), new ScriptedFunction(_ =>
        {
            receivedMeanwhile.AddRange(queues!.ReceiveBodies("orders.fifo"));
            return null;
        }), batchSize: 2);
        queues = bed.Bed;
        foreach (var body in new[] { "a1", "a2", "a3" })
        {
            bed.Bed.SendFifo("orders.fifo", "a", body);
        }
    }

    [Fact]
    public async Task no_other_message_of_its_group_can_be_received_until_it_completes()
    {
        await bed.PollOnceAsync();

        Assert.Empty(receivedMeanwhile);
        Assert.Equal([["a1", "a2"]], bed.Function.BodiesPerBatch);
    }

    [Fact]
    public async Task the_next_batch_of_the_group_follows_in_order()
    {
        await bed.PollOnceAsync();
        await bed.PollOnceAsync();

        Assert.Equal([["a1", "a2"], ["a3"]], bed.Function.BodiesPerBatch);
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_the_mapping_runs : IDisposable
{
    private readonly MappingBed bed = new(QueueBed.Standard("inbox"), new ScriptedFunction());
    private readonly CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

    [Fact]
    public async Task a_sent_message_wakes_it_without_waiting_for_the_poll_interval()
    {
        // Fake time never advances here, so only the MessageAvailable signal can wake the loop.
        var running = bed.Mapping.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => bed.Mapping.IsIdle, TimeSpan.FromSeconds(10), "the mapping is idle on an empty queue", TestContext.Current.CancellationToken);

        bed.SendAll("one");
        await Eventually.TrueAsync(() => bed.Function.Batches.Count == 1, TimeSpan.FromSeconds(10), "the message is handled", TestContext.Current.CancellationToken);
        bed.SendAll("two");
        await Eventually.TrueAsync(() => bed.Function.Batches.Count == 2, TimeSpan.FromSeconds(10), "the second message is handled", TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => bed.Mapping.IsIdle, TimeSpan.FromSeconds(10), "the mapping is idle again", TestContext.Current.CancellationToken);

        await stop.CancelAsync();
        await running;
        Assert.Equal(0, bed.Stats.Total);
    }

    [Fact]
    public void it_is_not_idle_while_messages_wait()
    {
        bed.SendAll("one");

        Assert.False(bed.Mapping.IsIdle);
        Assert.Equal(0, bed.Mapping.InFlight);
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
        bed.Dispose();
    }
}

public sealed class when_the_mapping_runs_into_a_poison_message : IDisposable
{
    private readonly QueueBed queues = new QueueBed().With(
        QueueBed.Standard("inbox-dlq"),
        QueueBed.Standard("inbox") with { VisibilityTimeoutSeconds = 0, Redrive = new RedrivePolicy("inbox-dlq", MaxReceiveCount: 3) });

    [Fact]
    public async Task it_retries_after_the_poll_interval_and_the_queue_redrives_it_to_the_dlq()
    {
        var function = new ScriptedFunction(_ => throw new InvalidOperationException("poison"));
        var mapping = new SqsEventSourceMapping(queues.Queues, new QueueMappingDefinition("handler", "inbox"), function,
            queues.Time, new ListLogger<SqsEventSourceMapping>(), TimeSpan.FromMilliseconds(100));
        queues.Send("inbox", "poison");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = mapping.RunAsync(stop.Token);

        await Eventually.TrueAsync(() =>
        {
            queues.Time.Advance(TimeSpan.FromMilliseconds(100));
            return queues.Queues.GetStats("inbox-dlq").Visible == 1;
        }, TimeSpan.FromSeconds(10), "the message is dead-lettered", TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await running;

        Assert.Equal(3, function.Batches.Count);
        Assert.True(mapping.IsIdle);
    }

    public void Dispose() => queues.Dispose();
}
