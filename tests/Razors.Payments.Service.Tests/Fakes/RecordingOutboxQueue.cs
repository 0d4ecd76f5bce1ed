using System.Collections.Concurrent;
using Razors.Messaging.Outbox;

namespace Razors.Payments.Service.Tests.Fakes;

/// <summary>A FIFO queue that records what it accepted, and refuses sends a test tells it to.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SQS queue, not a collection.")]
internal sealed class RecordingOutboxQueue : IOutboxQueue
{
    private readonly ConcurrentQueue<FifoOutboxMessage> sent = new();
    private int attempts;

    /// <summary>Given the message and the attempt number (1-based, over all sends), whether this send fails.</summary>
    public Func<FifoOutboxMessage, int, bool> Fails { get; set; } = (_, _) => false;

    public IReadOnlyList<FifoOutboxMessage> Sent => [.. sent];

    public int Attempts => Volatile.Read(ref attempts);

    public Task SendAsync(FifoOutboxMessage message, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref attempts);
        if (Fails(message, attempt))
        {
            throw new HttpRequestException("The queue is unavailable.");
        }

        sent.Enqueue(message);
        return Task.CompletedTask;
    }
}
