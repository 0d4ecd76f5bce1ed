using Microsoft.Extensions.Time.Testing;
using Razors.LocalCloud.Queues;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.Queues;

public sealed class when_the_database_file_is_reopened : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly FakeTimeProvider time = new(QueueBed.Start);

    private QueueBed Open() => new(folder.Path, time);

    [Fact]
    public void queues_messages_and_in_flight_state_survive()
    {
        string inFlightId;
        using (var before = Open().With(
            QueueBed.Fifo("orders-dlq.fifo"),
            QueueBed.Fifo("orders.fifo") with { Redrive = new RedrivePolicy("orders-dlq.fifo", 3) }))
        {
            before.SendFifo("orders.fifo", "a", "a1");
            before.SendFifo("orders.fifo", "a", "a2");
            before.SendFifo("orders.fifo", "b", "b1");
            inFlightId = before.Receive("orders.fifo", 1).Single().MessageId;
        }

        using var after = Open();

        Assert.Equal(["orders-dlq.fifo", "orders.fifo"], after.Queues.ListQueues());
        Assert.Equal(["b1"], after.ReceiveBodies("orders.fifo"));
        time.Advance(TimeSpan.FromSeconds(30));
        var redelivered = after.Receive("orders.fifo", 1).Single();
        Assert.Equal(inFlightId, redelivered.MessageId);
        Assert.Equal("2", redelivered.Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public void the_dedup_window_survives()
    {
        using (var before = Open().With(QueueBed.Fifo("orders.fifo")))
        {
            before.SendFifo("orders.fifo", "a", "a1");
        }

        using var after = Open();

        Assert.True(after.SendFifo("orders.fifo", "a", "a1").Duplicate);
    }

    [Fact]
    public void a_new_host_releases_what_a_dead_one_had_in_flight_at_once_with_its_receive_count_kept_and_leaves_delays_alone()
    {
        using (var before = Open().With(QueueBed.Standard("inbound"), QueueBed.Fifo("outbox.fifo")))
        {
            before.Send("inbound", "received");
            before.Queues.SendMessage("inbound", new OutgoingMessage("delayed") { DelaySeconds = 60 });
            before.SendFifo("outbox.fifo", "a", "a1");
            before.SendFifo("outbox.fifo", "a", "a2");
            Assert.Single(before.Receive("inbound"));
            Assert.Single(before.Receive("outbox.fifo", 1));
        }

        using var after = Open();

        Assert.Equal(1, after.Queues.ReleaseInFlight("inbound"));
        Assert.Equal(1, after.Queues.ReleaseInFlight("outbox.fifo"));
        Assert.Equal((1, 0, 1), (after.Queues.GetStats("inbound").Visible, after.Queues.GetStats("inbound").InFlight, after.Queues.GetStats("inbound").Delayed));
        var redelivered = Assert.Single(after.Receive("inbound"));
        Assert.Equal(("received", "2"), (redelivered.Body, redelivered.Attributes["ApproximateReceiveCount"]));
        Assert.Equal(["a1"], after.ReceiveBodies("outbox.fifo", 1));
    }

    public void Dispose() => folder.Dispose();
}
