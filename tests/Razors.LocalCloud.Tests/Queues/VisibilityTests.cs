using Razors.LocalCloud.Queues;

namespace Razors.LocalCloud.Tests.Queues;

public sealed class when_a_received_message_is_not_deleted : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Standard("work") with { VisibilityTimeoutSeconds = 30 });
    private readonly ReceivedMessage first;

    public when_a_received_message_is_not_deleted()
    {
        bed.Send("work", "job");
        first = bed.Receive("work").Single();
    }

    [Fact]
    public void it_stays_hidden_for_the_queue_visibility_timeout()
    {
        bed.Time.Advance(TimeSpan.FromSeconds(29));

        Assert.Empty(bed.Receive("work"));
    }

    [Fact]
    public void it_is_delivered_again_afterwards_with_the_receive_count_one_higher()
    {
        bed.Time.Advance(TimeSpan.FromSeconds(30));

        var again = bed.Receive("work").Single();

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal("1", first.Attributes["ApproximateReceiveCount"]);
        Assert.Equal("2", again.Attributes["ApproximateReceiveCount"]);
        Assert.Equal(first.Attributes["ApproximateFirstReceiveTimestamp"], again.Attributes["ApproximateFirstReceiveTimestamp"]);
    }

    [Fact]
    public void each_receive_gets_a_new_receipt_handle_and_the_old_one_no_longer_deletes()
    {
        bed.Time.Advance(TimeSpan.FromSeconds(30));
        var again = bed.Receive("work").Single();

        bed.Queues.DeleteMessage("work", first.ReceiptHandle);

        Assert.NotEqual(first.ReceiptHandle, again.ReceiptHandle);
        Assert.Equal(1, bed.Queues.GetStats("work").InFlight);
        bed.Queues.DeleteMessage("work", again.ReceiptHandle);
        Assert.Equal(0, bed.Queues.GetStats("work").Total);
    }

    [Fact]
    public void a_standard_queue_still_deletes_with_the_latest_handle_after_the_timeout()
    {
        bed.Time.Advance(TimeSpan.FromSeconds(31));

        bed.Queues.DeleteMessage("work", first.ReceiptHandle);

        Assert.Equal(0, bed.Queues.GetStats("work").Total);
    }

    [Fact]
    public void changing_its_visibility_to_zero_makes_it_visible_at_once_and_wakes_pollers()
    {
        var woken = new List<string>();
        bed.Queues.MessageAvailable += woken.Add;

        bed.Queues.ChangeMessageVisibility("work", first.ReceiptHandle, TimeSpan.Zero);

        Assert.Equal(["work"], woken);
        Assert.Equal("2", bed.Receive("work").Single().Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public void changing_its_visibility_counts_from_now()
    {
        bed.Time.Advance(TimeSpan.FromSeconds(20));
        bed.Queues.ChangeMessageVisibility("work", first.ReceiptHandle, TimeSpan.FromSeconds(60));

        bed.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(bed.Receive("work"));
        bed.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(bed.Receive("work"));
    }

    [Fact]
    public void changing_the_visibility_of_a_message_no_longer_in_flight_fails()
    {
        bed.Time.Advance(TimeSpan.FromSeconds(30));

        var error = Assert.Throws<QueueException>(() =>
            bed.Queues.ChangeMessageVisibility("work", first.ReceiptHandle, TimeSpan.FromSeconds(10)));

        Assert.Equal("AWS.SimpleQueueService.MessageNotInflight", error.ErrorCode);
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_a_receive_overrides_the_visibility_timeout : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Standard("work"));

    [Fact]
    public void the_message_is_hidden_for_the_given_time_only()
    {
        bed.Send("work", "job");
        bed.Queues.ReceiveMessages("work", 1, TimeSpan.FromSeconds(5));

        bed.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Single(bed.Receive("work"));
    }

    [Fact]
    public void a_timeout_above_twelve_hours_is_rejected() =>
        Assert.Throws<QueueException>(() => bed.Queues.ReceiveMessages("work", 1, TimeSpan.FromHours(12.5)));

    [Fact]
    public void more_than_ten_messages_per_receive_are_rejected() =>
        Assert.Equal("InvalidParameterValue", Assert.Throws<QueueException>(() => bed.Queues.ReceiveMessages("work", 11)).ErrorCode);

    public void Dispose() => bed.Dispose();
}

public sealed class when_a_fifo_message_outlives_its_visibility_timeout : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Fifo("orders.fifo") with { VisibilityTimeoutSeconds = 10 });

    [Fact]
    public void deleting_it_with_the_expired_receipt_handle_fails_and_keeps_it()
    {
        bed.SendFifo("orders.fifo", "a", "a1");
        var received = bed.Receive("orders.fifo").Single();
        bed.Time.Advance(TimeSpan.FromSeconds(10));

        var error = Assert.Throws<QueueException>(() => bed.Queues.DeleteMessage("orders.fifo", received.ReceiptHandle));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
        Assert.Equal(["a1"], bed.ReceiveBodies("orders.fifo"));
    }

    [Fact]
    public void deleting_it_in_time_succeeds()
    {
        bed.SendFifo("orders.fifo", "a", "a1");
        var received = bed.Receive("orders.fifo").Single();
        bed.Time.Advance(TimeSpan.FromSeconds(9));

        bed.Queues.DeleteMessage("orders.fifo", received.ReceiptHandle);

        Assert.Equal(0, bed.Queues.GetStats("orders.fifo").Total);
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_a_standard_message_is_sent_with_a_delay : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Standard("work"));

    [Fact]
    public void it_is_counted_as_delayed_and_received_only_after_the_delay()
    {
        bed.Queues.SendMessage("work", new OutgoingMessage("later") { DelaySeconds = 10 });

        Assert.Equal(new QueueStats("work", 0, 0, Delayed: 1), bed.Queues.GetStats("work"));
        Assert.Empty(bed.Receive("work"));
        bed.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["later"], bed.ReceiveBodies("work"));
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_a_receipt_handle_is_not_the_latest : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Standard("work") with { VisibilityTimeoutSeconds = 10 });

    [Fact]
    public void changing_visibility_with_it_fails_as_invalid()
    {
        bed.Send("work", "job");
        var first = bed.Receive("work").Single();
        bed.Time.Advance(TimeSpan.FromSeconds(10));
        bed.Receive("work");

        var error = Assert.Throws<QueueException>(() => bed.Queues.ChangeMessageVisibility("work", first.ReceiptHandle, TimeSpan.Zero));

        Assert.Equal("ReceiptHandleIsInvalid", error.ErrorCode);
    }

    [Fact]
    public void a_malformed_handle_is_rejected() =>
        Assert.Equal("ReceiptHandleIsInvalid", Assert.Throws<QueueException>(() => bed.Queues.DeleteMessage("work", "garbage")).ErrorCode);

    public void Dispose() => bed.Dispose();
}
