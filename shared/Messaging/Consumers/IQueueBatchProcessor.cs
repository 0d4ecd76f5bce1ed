namespace Razors.Messaging.Consumers;

/// <summary>
/// Handles a batch of queue messages and says which failed and why: an inbound queue's events
/// (<see cref="EventQueueFunction"/>) or another queue's work items, such as an import's rows.
/// <c>SqsEventQueueFunction</c> turns the failures into a partial batch response, a DLQ send with
/// the reason, or a fresh copy after an outage, the same way for every queue.
/// </summary>
public interface IQueueBatchProcessor
{
    /// <summary>Handles each message in turn; returns those that failed, with their reasons, in batch order.</summary>
    Task<BatchResult> ProcessAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken);
}
