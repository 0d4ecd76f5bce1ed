using Razors.LocalCloud.Queues;

namespace Razors.LocalCloud.Tests.Queues;

public sealed class when_a_fifo_queue_holds_several_groups : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Fifo("orders.fifo"));

    public when_a_fifo_queue_holds_several_groups()
    {
        foreach (var (group, body) in new[] { ("a", "a1"), ("b", "b1"), ("a", "a2"), ("b", "b2"), ("a", "a3") })
        {
            bed.SendFifo("orders.fifo", group, body);
        }
    }

    [Fact]
    public void one_receive_returns_them_in_send_order_across_groups() =>
        Assert.Equal(["a1", "b1", "a2", "b2", "a3"], bed.ReceiveBodies("orders.fifo"));

    [Fact]
    public void a_smaller_receive_takes_the_oldest_first() =>
        Assert.Equal(["a1", "b1"], bed.ReceiveBodies("orders.fifo", 2));

    [Fact]
    public void sequence_numbers_increase_in_send_order()
    {
        var sequenceNumbers = bed.Receive("orders.fifo").Select(m => m.Attributes["SequenceNumber"]).ToList();

        Assert.Equal(sequenceNumbers.Order(StringComparer.Ordinal), sequenceNumbers);
        Assert.Equal(5, sequenceNumbers.Distinct().Count());
    }

    [Fact]
    public void each_message_carries_its_group_dedup_id_and_timestamps()
    {
        bed.Time.Advance(TimeSpan.FromSeconds(3));

        var first = bed.Receive("orders.fifo", 1).Single();

        Assert.Equal("a", first.Attributes["MessageGroupId"]);
        Assert.Equal("a1", first.Attributes["MessageDeduplicationId"]);
        Assert.Equal("1", first.Attributes["ApproximateReceiveCount"]);
        Assert.Equal(QueueBed.Start.ToUnixTimeMilliseconds().ToString(), first.Attributes["SentTimestamp"]);
        Assert.Equal(QueueBed.Start.AddSeconds(3).ToUnixTimeMilliseconds().ToString(), first.Attributes["ApproximateFirstReceiveTimestamp"]);
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_a_fifo_group_has_a_message_in_flight : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Fifo("orders.fifo"));
    private readonly ReceivedMessage a1;

    public when_a_fifo_group_has_a_message_in_flight()
    {
        bed.SendFifo("orders.fifo", "a", "a1");
        bed.SendFifo("orders.fifo", "a", "a2");
        bed.SendFifo("orders.fifo", "b", "b1");
        a1 = bed.Receive("orders.fifo", 1).Single();
    }

    [Fact]
    public void no_other_message_of_that_group_is_received() =>
        Assert.Equal(["b1"], bed.ReceiveBodies("orders.fifo"));

    [Fact]
    public void deleting_it_releases_the_next_message_of_the_group()
    {
        bed.Queues.DeleteMessage("orders.fifo", a1.ReceiptHandle);

        Assert.Equal(["a2", "b1"], bed.ReceiveBodies("orders.fifo"));
    }

    [Fact]
    public void when_its_visibility_expires_it_comes_back_before_the_rest_of_its_group()
    {
        bed.Time.Advance(TimeSpan.FromSeconds(30));

        var again = bed.Receive("orders.fifo");

        Assert.Equal(["a1", "a2", "b1"], again.Select(m => m.Body));
        Assert.Equal("2", again[0].Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public void the_stats_count_it_as_in_flight() =>
        Assert.Equal(new QueueStats("orders.fifo", Visible: 2, InFlight: 1, Delayed: 0), bed.Queues.GetStats("orders.fifo"));

    public void Dispose() => bed.Dispose();
}

public sealed class when_a_fifo_send_is_incomplete : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Fifo("orders.fifo"));

    [Fact]
    public void a_send_without_a_group_id_fails_with_missing_parameter()
    {
        var error = Assert.Throws<QueueException>(() =>
            bed.Queues.SendMessage("orders.fifo", new OutgoingMessage("x") { MessageDeduplicationId = "1" }));

        Assert.Equal("MissingParameter", error.ErrorCode);
        Assert.Contains("MessageGroupId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_send_without_a_dedup_id_on_a_queue_without_content_based_dedup_fails()
    {
        var error = Assert.Throws<QueueException>(() =>
            bed.Queues.SendMessage("orders.fifo", new OutgoingMessage("x") { MessageGroupId = "a" }));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Contains("MessageDeduplicationId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_per_message_delay_is_rejected() =>
        Assert.Throws<QueueException>(() => bed.Queues.SendMessage("orders.fifo",
            new OutgoingMessage("x") { MessageGroupId = "a", MessageDeduplicationId = "1", DelaySeconds = 5 }));

    [Fact]
    public void nothing_is_stored_by_a_failed_send()
    {
        Assert.Throws<QueueException>(() => bed.Queues.SendMessage("orders.fifo", new OutgoingMessage("x")));

        Assert.Equal(0, bed.Queues.GetStats("orders.fifo").Total);
    }

    public void Dispose() => bed.Dispose();
}
