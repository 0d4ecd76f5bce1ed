using Razors.LocalCloud.Queues;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.Queues;

public sealed class when_a_message_exceeds_the_max_receive_count : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(
        QueueBed.Standard("work-dlq"),
        QueueBed.Standard("work") with { VisibilityTimeoutSeconds = 10, Redrive = new RedrivePolicy("work-dlq", MaxReceiveCount: 3) });

    private readonly SendResult sent;

    public when_a_message_exceeds_the_max_receive_count() => sent = bed.Send("work", "poison");

    private int ReceiveUntilGone()
    {
        var receives = 0;
        while (bed.Receive("work").Count == 1)
        {
            receives++;
            bed.Time.Advance(TimeSpan.FromSeconds(10));
        }

        return receives;
    }

    [Fact]
    public void it_is_received_max_receive_count_times_and_then_moved_to_the_dlq()
    {
        Assert.Equal(3, ReceiveUntilGone());

        Assert.Equal(0, bed.Queues.GetStats("work").Total);
        Assert.Equal(1, bed.Queues.GetStats("work-dlq").Visible);
    }

    [Fact]
    public void the_dead_letter_keeps_its_id_body_and_sent_time_and_names_its_source()
    {
        ReceiveUntilGone();

        var deadLetter = bed.Queues.Peek("work-dlq", 10).Single();

        Assert.Equal(sent.MessageId, deadLetter.MessageId);
        Assert.Equal("poison", deadLetter.Body);
        Assert.Equal(QueueBed.Start, deadLetter.SentAt);
        Assert.Equal(3, deadLetter.ReceiveCount);
        Assert.Equal("arn:aws:sqs:local:000000000000:work", deadLetter.Attributes["DeadLetterQueueSourceArn"]);
    }

    [Fact]
    public void the_move_wakes_pollers_of_the_dlq()
    {
        var woken = new List<string>();
        bed.Queues.MessageAvailable += woken.Add;

        ReceiveUntilGone();

        Assert.Equal(["work-dlq"], woken);
    }

    [Fact]
    public void dlq_retention_counts_from_the_original_send()
    {
        bed.Queues.CreateQueue(QueueBed.Standard("work-dlq") with { MessageRetentionSeconds = 60 });
        ReceiveUntilGone();
        Assert.Equal(1, bed.Queues.GetStats("work-dlq").Total);

        bed.Time.Advance(QueueBed.Start.AddSeconds(60) - bed.Time.GetUtcNow());

        Assert.Equal(0, bed.Queues.GetStats("work-dlq").Total);
        Assert.Empty(bed.Receive("work-dlq"));
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_a_fifo_message_exceeds_the_max_receive_count : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(
        QueueBed.Fifo("orders-dlq.fifo"),
        QueueBed.Fifo("orders.fifo") with { VisibilityTimeoutSeconds = 10, Redrive = new RedrivePolicy("orders-dlq.fifo", MaxReceiveCount: 1) });

    private readonly SendResult poison;

    public when_a_fifo_message_exceeds_the_max_receive_count()
    {
        poison = bed.SendFifo("orders.fifo", "a", "a1");
        bed.SendFifo("orders.fifo", "a", "a2");
        bed.Receive("orders.fifo", 1);
        bed.Time.Advance(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void the_next_message_of_its_group_is_received_in_its_place() =>
        Assert.Equal(["a2"], bed.ReceiveBodies("orders.fifo"));

    [Fact]
    public void on_the_dlq_its_dedup_id_is_its_message_id()
    {
        bed.Receive("orders.fifo");

        var deadLetter = bed.Receive("orders-dlq.fifo").Single();

        Assert.Equal(poison.MessageId, deadLetter.MessageId);
        Assert.Equal(poison.MessageId, deadLetter.Attributes["MessageDeduplicationId"]);
        Assert.Equal("a", deadLetter.Attributes["MessageGroupId"]);
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_a_queue_is_created : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Standard("plain-dlq"), QueueBed.Fifo("ordered-dlq.fifo"));

    private QueueException Rejected(QueueDefinition definition) =>
        Assert.Throws<QueueException>(() => bed.Queues.CreateQueue(definition));

    [Fact]
    public void a_fifo_queue_with_a_standard_dlq_is_rejected() =>
        Assert.Contains("must be FIFO", Rejected(QueueBed.Fifo("orders.fifo") with { Redrive = new RedrivePolicy("plain-dlq", 5) }).Message, StringComparison.Ordinal);

    [Fact]
    public void a_standard_queue_with_a_fifo_dlq_is_rejected() =>
        Rejected(QueueBed.Standard("work") with { Redrive = new RedrivePolicy("ordered-dlq.fifo", 5) });

    [Fact]
    public void a_dlq_that_does_not_exist_is_rejected() =>
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", Rejected(QueueBed.Standard("work") with { Redrive = new RedrivePolicy("missing", 5) }).ErrorCode);

    [Fact]
    public void a_fifo_queue_must_be_named_dot_fifo_and_only_a_fifo_queue_may_be()
    {
        Rejected(QueueBed.Fifo("orders"));
        Rejected(QueueBed.Standard("orders.fifo"));
    }

    [Fact]
    public void content_based_deduplication_is_only_for_fifo_queues() =>
        Rejected(QueueBed.Standard("work") with { ContentBasedDeduplication = true });

    [Fact]
    public void an_invalid_name_is_rejected()
    {
        Rejected(QueueBed.Standard("has space"));
        Rejected(QueueBed.Standard(new string('q', 81)));
    }

    [Fact]
    public void creating_it_again_updates_its_attributes()
    {
        bed.Queues.CreateQueue(QueueBed.Standard("work") with { VisibilityTimeoutSeconds = 30 });
        bed.Queues.CreateQueue(QueueBed.Standard("work") with { VisibilityTimeoutSeconds = 5 });
        bed.Send("work", "job");
        bed.Receive("work");

        bed.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Single(bed.Receive("work"));
        Assert.Equal(["ordered-dlq.fifo", "plain-dlq", "work"], bed.Queues.ListQueues());
    }

    [Fact]
    public void an_unknown_queue_is_named_in_the_error()
    {
        var error = Assert.Throws<QueueException>(() => bed.Send("nowhere", "x"));

        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", error.ErrorCode);
        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_messages_outlive_the_retention_period : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Standard("work") with { MessageRetentionSeconds = 60 });

    [Fact]
    public void they_are_purged_and_younger_ones_stay()
    {
        bed.Send("work", "old");
        bed.Time.Advance(TimeSpan.FromSeconds(30));
        bed.Send("work", "young");
        bed.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(1, bed.Queues.GetStats("work").Total);
        Assert.Equal(["young"], bed.ReceiveBodies("work"));
    }

    public void Dispose() => bed.Dispose();
}
