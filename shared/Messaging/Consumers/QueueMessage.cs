namespace Razors.Messaging.Consumers;

/// <summary>
/// One message of an inbound queue's batch, whichever queue or mapping delivered it.
/// </summary>
/// <param name="MessageId">The queue's id of the message; null only when the queue gave none.</param>
/// <param name="Body">The EventBridge event, whole, as a rule sent it.</param>
/// <param name="ReceiveCount">How often the queue has delivered it, when the queue says.</param>
public sealed record QueueMessage(string? MessageId, string? Body, int? ReceiveCount);

/// <summary>A message of the batch that failed: why, and whether it can ever succeed.</summary>
/// <param name="Message">The message as it came.</param>
/// <param name="Reason">The failure, one line: what went wrong and where (handler exception type and message).</param>
/// <param name="Permanent">True when no retry can help (not an event, no handler, an unknown version, a detail that does not bind).</param>
/// <param name="Unreachable">True when it failed only because a store could not be reached (<see cref="StoreFailures.IsUnreachable"/>): it will succeed once the store is back.</param>
public sealed record MessageFailure(QueueMessage Message, string Reason, bool Permanent, bool Unreachable);

/// <summary>The messages of a batch that failed, in batch order; empty when all succeeded.</summary>
public sealed record BatchResult(IReadOnlyList<MessageFailure> Failures);
