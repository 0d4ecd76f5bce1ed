using Microsoft.Extensions.Time.Testing;
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

    public void Dispose() => folder.Dispose();
}
