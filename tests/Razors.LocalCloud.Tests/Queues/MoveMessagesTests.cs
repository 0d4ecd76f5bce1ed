using Razors.LocalCloud.Queues;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.Queues;

public sealed class when_dead_letters_are_moved : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(
        QueueBed.Standard("shared-dlq"),
        QueueBed.Standard("first") with { Redrive = new RedrivePolicy("shared-dlq", 1) },
        QueueBed.Standard("second") with { Redrive = new RedrivePolicy("shared-dlq", 1) },
        QueueBed.Standard("elsewhere"));

    private readonly string firstId;

    public when_dead_letters_are_moved()
    {
        firstId = bed.Send("first", "from first").MessageId;
        bed.Send("second", "from second");
        bed.Receive("first");
        bed.Receive("second");
        bed.Time.Advance(TimeSpan.FromSeconds(30));
        bed.Receive("first");
        bed.Receive("second");
        bed.Time.Advance(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void by_default_each_returns_to_the_queue_it_came_from()
    {
        Assert.Equal(2, bed.Queues.MoveMessages("shared-dlq"));

        Assert.Equal(["from first"], bed.ReceiveBodies("first"));
        Assert.Equal(["from second"], bed.ReceiveBodies("second"));
        Assert.Equal(0, bed.Queues.GetStats("shared-dlq").Total);
    }

    [Fact]
    public void a_moved_message_is_new_with_a_new_id_sent_time_and_receive_count()
    {
        bed.Queues.MoveMessages("shared-dlq");

        var moved = bed.Queues.Peek("first", 10).Single();

        Assert.NotEqual(firstId, moved.MessageId);
        Assert.Equal(bed.Time.GetUtcNow(), moved.SentAt);
        Assert.Equal(0, moved.ReceiveCount);
        Assert.False(moved.Attributes.ContainsKey("DeadLetterQueueSourceArn"));
    }

    [Fact]
    public void with_a_destination_all_go_there()
    {
        Assert.Equal(2, bed.Queues.MoveMessages("shared-dlq", "elsewhere"));

        Assert.Equal(["from first", "from second"], bed.ReceiveBodies("elsewhere"));
        Assert.Empty(bed.Receive("first"));
    }

    [Fact]
    public void the_destinations_are_woken()
    {
        var woken = new List<string>();
        bed.Queues.MessageAvailable += woken.Add;

        bed.Queues.MoveMessages("shared-dlq");

        Assert.Equal(["first", "second"], woken.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void a_dead_letter_being_inspected_in_flight_is_left_in_place()
    {
        bed.Receive("shared-dlq", 1);

        Assert.Equal(1, bed.Queues.MoveMessages("shared-dlq"));
        Assert.Equal(1, bed.Queues.GetStats("shared-dlq").InFlight);
    }

    [Fact]
    public void moving_from_a_queue_that_is_no_dlq_fails()
    {
        var error = Assert.Throws<QueueException>(() => bed.Queues.MoveMessages("elsewhere"));

        Assert.Contains("not a dead-letter queue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_message_sent_straight_to_the_dlq_needs_a_destination_and_nothing_moves_without_one()
    {
        bed.Send("shared-dlq", "sent directly");

        Assert.Throws<QueueException>(() => bed.Queues.MoveMessages("shared-dlq"));
        Assert.Equal(3, bed.Queues.GetStats("shared-dlq").Visible);
        Assert.Equal(3, bed.Queues.MoveMessages("shared-dlq", "elsewhere"));
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_fifo_dead_letters_are_moved_back : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(
        QueueBed.Fifo("orders-dlq.fifo"),
        QueueBed.Fifo("orders.fifo") with { Redrive = new RedrivePolicy("orders-dlq.fifo", 1) });

    [Fact]
    public void they_keep_their_group_and_order()
    {
        foreach (var body in new[] { "a1", "a2", "a3" })
        {
            bed.SendFifo("orders.fifo", "a", body);
        }

        bed.Receive("orders.fifo");
        bed.Time.Advance(TimeSpan.FromSeconds(30));
        bed.Receive("orders.fifo");

        Assert.Equal(3, bed.Queues.MoveMessages("orders-dlq.fifo"));
        var moved = bed.Receive("orders.fifo");
        Assert.Equal(["a1", "a2", "a3"], moved.Select(m => m.Body));
        Assert.All(moved, m => Assert.Equal("a", m.Attributes["MessageGroupId"]));
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_a_dlq_is_peeked : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Standard("work"));

    [Fact]
    public void nothing_changes_and_the_messages_come_in_send_order()
    {
        bed.Queues.SendMessage("work", new OutgoingMessage("one") { MessageAttributes = new Dictionary<string, string> { ["ERROR_CODE"] = "TIMEOUT" } });
        bed.Send("work", "two");

        var peeked = bed.Queues.Peek("work", 10);
        var again = bed.Queues.Peek("work", 1);

        Assert.Equal(["one", "two"], peeked.Select(m => m.Body));
        Assert.Equal("TIMEOUT", peeked[0].MessageAttributes["ERROR_CODE"]);
        Assert.Equal(["one"], again.Select(m => m.Body));
        Assert.Equal(new QueueStats("work", 2, 0, 0), bed.Queues.GetStats("work"));
        Assert.All(bed.Receive("work"), m => Assert.Equal("1", m.Attributes["ApproximateReceiveCount"]));
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_dead_letters_would_move_to_a_queue_of_the_other_kind : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(
        QueueBed.Standard("work-dlq"),
        QueueBed.Standard("work") with { Redrive = new RedrivePolicy("work-dlq", 1) },
        QueueBed.Fifo("orders.fifo"));

    [Fact]
    public void the_move_is_refused_and_nothing_moves()
    {
        bed.Send("work-dlq", "dead letter");

        var error = Assert.Throws<QueueException>(() => bed.Queues.MoveMessages("work-dlq", "orders.fifo"));

        Assert.Contains("both must be FIFO or both standard", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, bed.Queues.GetStats("work-dlq").Visible);
        Assert.Equal(0, bed.Queues.GetStats("orders.fifo").Total);
    }

    public void Dispose() => bed.Dispose();
}
