namespace Razors.Messaging.Consumers;

/// <summary>
/// One message of an inbound queue's batch, whichever queue or mapping delivered it.
/// </summary>
/// <param name="MessageId">The queue's id of the message; null only when the queue gave none.</param>
/// <param name="Body">The EventBridge event, whole, as a rule sent it.</param>
/// <param name="ReceiveCount">How often the queue has delivered it, when the queue says.</param>
public sealed record QueueMessage(string? MessageId, string? Body, int? ReceiveCount);

/// <summary>The messages of a batch to deliver again, by id, in batch order; empty when all succeeded.</summary>
public sealed record BatchResult(IReadOnlyList<string?> FailedMessageIds);
