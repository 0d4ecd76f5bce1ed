using Razors.LocalCloud.Queues;

namespace Razors.LocalCloud.Tests.Queues;

public sealed class when_a_fifo_message_is_sent_twice_with_one_dedup_id : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Fifo("orders.fifo"));
    private readonly SendResult original;

    public when_a_fifo_message_is_sent_twice_with_one_dedup_id() => original = Send("a", "first body");

    private SendResult Send(string group, string body) =>
        bed.Queues.SendMessage("orders.fifo", new OutgoingMessage(body) { MessageGroupId = group, MessageDeduplicationId = "event-1" });

    [Fact]
    public void the_duplicate_succeeds_with_the_original_ids_and_is_not_delivered()
    {
        var duplicate = Send("a", "second body");

        Assert.True(duplicate.Duplicate);
        Assert.Equal(original.MessageId, duplicate.MessageId);
        Assert.Equal(original.SequenceNumber, duplicate.SequenceNumber);
        Assert.Equal(["first body"], bed.ReceiveBodies("orders.fifo"));
    }

    [Fact]
    public void the_id_is_deduplicated_across_message_groups()
    {
        Assert.True(Send("b", "first body").Duplicate);
        Assert.Equal(1, bed.Queues.GetStats("orders.fifo").Total);
    }

    [Fact]
    public void the_id_is_remembered_after_the_message_is_deleted()
    {
        var received = bed.Receive("orders.fifo").Single();
        bed.Queues.DeleteMessage("orders.fifo", received.ReceiptHandle);
        bed.Time.Advance(TimeSpan.FromMinutes(4));

        Assert.True(Send("a", "first body").Duplicate);
        Assert.Empty(bed.Receive("orders.fifo"));
    }

    [Fact]
    public void the_id_is_forgotten_five_minutes_after_the_first_send()
    {
        bed.Time.Advance(TimeSpan.FromMinutes(5));

        var again = Send("a", "again");

        Assert.False(again.Duplicate);
        Assert.NotEqual(original.MessageId, again.MessageId);
        Assert.Equal(["first body", "again"], bed.ReceiveBodies("orders.fifo"));
    }

    [Fact]
    public void a_duplicate_does_not_extend_the_window()
    {
        bed.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.True(Send("a", "x").Duplicate);
        bed.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.False(Send("a", "x").Duplicate);
    }

    public void Dispose() => bed.Dispose();
}

public sealed class when_a_fifo_queue_uses_content_based_deduplication : IDisposable
{
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Fifo("events.fifo") with { ContentBasedDeduplication = true });

    private SendResult Send(string body, string attribute, string? deduplicationId = null) =>
        bed.Queues.SendMessage("events.fifo", new OutgoingMessage(body)
        {
            MessageGroupId = "a",
            MessageDeduplicationId = deduplicationId,
            MessageAttributes = new Dictionary<string, string> { ["kind"] = attribute },
        });

    [Fact]
    public void the_same_body_with_other_attributes_is_a_duplicate()
    {
        Send("{\"id\":1}", "one");

        Assert.True(Send("{\"id\":1}", "two").Duplicate);
        Assert.Equal("one", bed.Receive("events.fifo").Single().MessageAttributes["kind"]);
    }

    [Fact]
    public void another_body_is_delivered()
    {
        Send("{\"id\":1}", "one");

        Assert.False(Send("{\"id\":2}", "one").Duplicate);
        Assert.Equal(2, bed.Receive("events.fifo").Count);
    }

    [Fact]
    public void the_dedup_id_is_the_sha256_of_the_body()
    {
        Send("hello", "one");

        // sha256("hello")
        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
            bed.Receive("events.fifo").Single().Attributes["MessageDeduplicationId"]);
    }

    [Fact]
    public void an_explicit_dedup_id_takes_precedence_over_the_body()
    {
        Send("same", "one", deduplicationId: "1");

        Assert.False(Send("same", "one", deduplicationId: "2").Duplicate);
    }

    public void Dispose() => bed.Dispose();
}
