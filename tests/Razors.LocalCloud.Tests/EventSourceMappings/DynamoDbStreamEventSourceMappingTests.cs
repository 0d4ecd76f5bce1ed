using System.Text.Json;
using Razors.LocalCloud.EventSourceMappings;
using Razors.Lambda.Events;

namespace Razors.LocalCloud.Tests.EventSourceMappings;

public sealed class when_records_arrive_on_a_shard
{
    [Fact]
    public async Task they_are_delivered_in_order_in_batches_of_the_batch_size()
    {
        using var harness = new StreamMappingHarness(StreamMappingHarness.Definition with { BatchSize = 2 });
        harness.Streams.Write("shard-1", "a", "b", "c", "d", "e");

        await harness.DrainAsync();

        Assert.Equal([["a", "b"], ["c", "d"], ["e"]], harness.Function.Batches);
        Assert.Empty(harness.Queues.Sent);
    }
}

public sealed class when_a_filter_pattern_is_set
{
    [Fact]
    public async Task only_matching_records_are_delivered_and_the_others_are_still_checkpointed()
    {
        var definition = StreamMappingHarness.Definition with
        {
            FilterPattern = """{"eventName":["INSERT"],"dynamodb":{"NewImage":{"kind":{"S":["outbox"]}}}}""",
        };
        using var harness = new StreamMappingHarness(definition);
        harness.Streams.Write("shard-1", "state-1", "a", "state-2", "b", "state-3");

        await harness.DrainAsync();
        harness.Streams.NextGetRecordsError = "ExpiredIteratorException";
        harness.Streams.Write("shard-1", "c");
        await harness.DrainAsync();

        Assert.Equal(["a", "b", "c"], harness.Function.Batches.SelectMany(b => b));
        // Re-acquired after the last filtered record: nothing filtered was read again.
        Assert.EndsWith(":AFTER_SEQUENCE_NUMBER:000000000000000000104", harness.Streams.IteratorRequests[^1], StringComparison.Ordinal);
    }
}

public sealed class when_the_shard_iterator_can_no_longer_be_used
{
    // Expired after 15 minutes on AWS; DynamoDB Local also calls an iterator taken on an empty
    // shard trimmed once the first record arrives (aws/aws-sdk-java#2923).
    [Theory]
    [InlineData("ExpiredIteratorException")]
    [InlineData("TrimmedDataAccessException")]
    public async Task the_mapping_resumes_after_its_checkpoint_without_skipping_or_repeating(string errorCode)
    {
        using var harness = new StreamMappingHarness(StreamMappingHarness.Definition);
        harness.Streams.Write("shard-1", "a", "b");
        await harness.DrainAsync();

        harness.Streams.NextGetRecordsError = errorCode;
        harness.Streams.Write("shard-1", "c");
        await harness.DrainAsync();

        Assert.Equal(["a", "b", "c"], harness.Function.Batches.SelectMany(b => b));
    }
}

public sealed class when_the_stream_function_throws
{
    [Fact]
    public async Task the_same_batch_is_retried_before_anything_after_it()
    {
        var calls = 0;
        using var harness = new StreamMappingHarness(
            StreamMappingHarness.Definition with { BatchSize = 2, BisectBatchOnFunctionError = false },
            keys => ++calls == 1 ? throw new InvalidOperationException("boom") : new StreamsEventResponse());
        harness.Streams.Write("shard-1", "a", "b", "c");

        await harness.DrainAsync();

        Assert.Equal([["a", "b"], ["a", "b"], ["c"]], harness.Function.Batches);
        Assert.Empty(harness.Queues.Sent);
    }

    [Fact]
    public async Task the_shard_waits_for_the_backoff_before_retrying()
    {
        var calls = 0;
        using var harness = new StreamMappingHarness(
            StreamMappingHarness.Definition with { BisectBatchOnFunctionError = false },
            keys => ++calls == 1 ? throw new InvalidOperationException("boom") : new StreamsEventResponse(),
            new StreamMappingOptions { RetryBackoff = TimeSpan.FromSeconds(1) });
        harness.Streams.Write("shard-1", "a");
        var mapping = harness.Mapping;
        var ct = TestContext.Current.CancellationToken;

        await mapping.PollOnceAsync(ct);
        await mapping.PollOnceAsync(ct);
        Assert.Single(harness.Function.Batches);
        Assert.False(mapping.IsIdle);

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await mapping.PollOnceAsync(ct);
        Assert.Equal(2, harness.Function.Batches.Count);
    }
}

public sealed class when_the_function_reports_failed_items
{
    [Fact]
    public async Task processing_resumes_from_the_lowest_failed_sequence_number()
    {
        var calls = 0;
        List<string> sequence = [];
        using var harness = new StreamMappingHarness(
            StreamMappingHarness.Definition with { BisectBatchOnFunctionError = false },
            keys => ++calls == 1 ? StreamMappingHarness.Fail(sequence[3], sequence[1]) : new StreamsEventResponse());
        sequence = harness.Streams.Write("shard-1", "a", "b", "c", "d");

        await harness.DrainAsync();

        Assert.Equal([["a", "b", "c", "d"], ["b", "c", "d"]], harness.Function.Batches);
    }

    [Fact]
    public async Task an_unknown_item_identifier_fails_the_whole_batch()
    {
        var calls = 0;
        using var harness = new StreamMappingHarness(
            StreamMappingHarness.Definition with { BisectBatchOnFunctionError = false },
            keys => ++calls == 1 ? StreamMappingHarness.Fail("not-a-sequence-number") : new StreamsEventResponse());
        harness.Streams.Write("shard-1", "a", "b");

        await harness.DrainAsync();

        Assert.Equal([["a", "b"], ["a", "b"]], harness.Function.Batches);
    }
}

public sealed class when_a_poison_record_is_in_a_bisected_batch
{
    [Fact]
    public async Task only_the_poison_record_is_discarded_and_the_rest_are_delivered_in_order()
    {
        using var harness = new StreamMappingHarness(
            StreamMappingHarness.Definition with { MaximumRetryAttempts = 1, ReportBatchItemFailures = false },
            keys => keys.Contains("poison") ? throw new InvalidOperationException("cannot parse poison") : new StreamsEventResponse());
        var sequence = harness.Streams.Write("shard-1", "a", "b", "poison", "d", "e");

        await harness.DrainAsync();

        Assert.Equal(["a", "b", "d", "e"], harness.Function.Succeeded);
        var (queue, message) = Assert.Single(harness.Queues.Sent);
        Assert.Equal("handler-failures", queue);
        using var record = JsonDocument.Parse(message.Body);
        var info = record.RootElement.GetProperty("DDBStreamBatchInfo");
        Assert.Equal(sequence[2], info.GetProperty("startSequenceNumber").GetString());
        Assert.Equal(sequence[2], info.GetProperty("endSequenceNumber").GetString());
        Assert.Equal(1, info.GetProperty("batchSize").GetInt32());
        // One try and one retry of the single record; the splits before it don't count.
        Assert.Equal(2, record.RootElement.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Contains("cannot parse poison", message.MessageAttributes[DynamoDbStreamEventSourceMapping.ErrorMessageAttribute], StringComparison.Ordinal);
    }
}

public sealed class when_retries_are_exhausted
{
    [Fact]
    public async Task an_invocation_record_with_the_batch_coordinates_goes_to_the_on_failure_queue()
    {
        using var harness = new StreamMappingHarness(
            StreamMappingHarness.Definition with { MaximumRetryAttempts = 2, BisectBatchOnFunctionError = false },
            keys => keys.Contains("b") ? throw new TimeoutException("downstream timed out") : new StreamsEventResponse());
        var sequence = harness.Streams.Write("shard-1", "a", "b", "c");

        await harness.DrainAsync();
        harness.Streams.Write("shard-1", "d");
        await harness.DrainAsync();

        Assert.Equal(3, harness.Function.Batches.Count(b => b.SequenceEqual(["a", "b", "c"])));
        Assert.Equal(["d"], harness.Function.Succeeded);
        var (_, message) = Assert.Single(harness.Queues.Sent);
        using var record = JsonDocument.Parse(message.Body);
        var root = record.RootElement;
        Assert.Equal("RetryAttemptsExhausted", root.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:handler", root.GetProperty("requestContext").GetProperty("functionArn").GetString());
        Assert.Equal(3, root.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal("Unhandled", root.GetProperty("responseContext").GetProperty("functionError").GetString());
        Assert.Equal("1.0", root.GetProperty("version").GetString());
        var info = root.GetProperty("DDBStreamBatchInfo");
        Assert.Equal("shard-1", info.GetProperty("shardId").GetString());
        Assert.Equal(sequence[0], info.GetProperty("startSequenceNumber").GetString());
        Assert.Equal(sequence[2], info.GetProperty("endSequenceNumber").GetString());
        Assert.Equal(3, info.GetProperty("batchSize").GetInt32());
        Assert.Equal(FakeStreams.StreamArn, info.GetProperty("streamArn").GetString());
        Assert.Equal("2026-09-21T14:13:20.000Z", info.GetProperty("approximateArrivalOfFirstRecord").GetString());
        Assert.Contains("downstream timed out", message.MessageAttributes[DynamoDbStreamEventSourceMapping.ErrorMessageAttribute], StringComparison.Ordinal);
    }
}

public sealed class when_records_are_older_than_the_maximum_age
{
    [Fact]
    public async Task they_are_discarded_as_record_age_exceeded_and_the_shard_moves_on()
    {
        using var harness = new StreamMappingHarness(
            StreamMappingHarness.Definition with { MaximumRecordAgeInSeconds = 60, MaximumRetryAttempts = -1, BisectBatchOnFunctionError = false },
            keys => keys.Contains("a") ? throw new InvalidOperationException("still failing") : new StreamsEventResponse());
        harness.Streams.Write("shard-1", "a");
        var ct = TestContext.Current.CancellationToken;

        await harness.Mapping.PollOnceAsync(ct);
        await harness.Mapping.PollOnceAsync(ct);
        Assert.Empty(harness.Queues.Sent);

        harness.Time.Advance(TimeSpan.FromSeconds(61));
        harness.Streams.Write("shard-1", "b");
        await harness.DrainAsync();

        var (_, message) = Assert.Single(harness.Queues.Sent);
        using var record = JsonDocument.Parse(message.Body);
        Assert.Equal("RecordAgeExceeded", record.RootElement.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(["b"], harness.Function.Succeeded);
    }
}

public sealed class when_a_shard_is_split
{
    [Fact]
    public async Task the_parent_is_read_to_its_end_before_the_child_starts_from_its_beginning()
    {
        using var harness = new StreamMappingHarness(StreamMappingHarness.Definition with { BatchSize = 10 });
        harness.Streams.Write("shard-1", "p1", "p2");
        harness.Streams.AddShard("shard-2", parent: "shard-1");
        harness.Streams.Write("shard-2", "c1");
        var ct = TestContext.Current.CancellationToken;

        await harness.Mapping.PollOnceAsync(ct);
        Assert.Equal([["p1", "p2"]], harness.Function.Batches);

        harness.Streams.Write("shard-1", "p3");
        harness.Streams.CloseShard("shard-1");
        await harness.DrainAsync();

        Assert.Equal(["p1", "p2", "p3", "c1"], harness.Function.Batches.SelectMany(b => b));
        Assert.Contains("shard-2:TRIM_HORIZON:", harness.Streams.IteratorRequests);
    }
}
