namespace Razors.Messaging.Outbox;

/// <summary>The FIFO queue an outbox is relayed through (SQS in AWS, the local cloud's queue locally).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SQS queue, not a collection.")]
public interface IOutboxQueue
{
    /// <summary>Returns once the queue has accepted the message (a duplicate swallowed by deduplication counts as accepted).</summary>
    Task SendAsync(FifoOutboxMessage message, CancellationToken cancellationToken);
}
