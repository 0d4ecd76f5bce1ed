namespace Razors.Messaging;

/// <summary>
/// A message that can never succeed, sent whole to a DLQ with the reason, so an operator can read,
/// fix and resend it: an outbox record a relay cannot publish (unreadable, over the entry size
/// limit), or an inbound event its consumer cannot handle.
/// </summary>
/// <param name="Body">The record or message as it was (the outbox item's image, or the queue message's body).</param>
/// <param name="Reason">Why it can never succeed; also the message attribute <see cref="ReasonAttribute"/>.</param>
/// <param name="MessageGroupId">For a FIFO DLQ: the group of the message it stood in.</param>
/// <param name="DeduplicationId">For a FIFO DLQ: the id of the record, so sending it twice keeps one copy.</param>
public sealed record DeadLetter(string Body, string Reason, string? MessageGroupId = null, string? DeduplicationId = null)
{
    /// <summary>The message attribute that carries <see cref="Reason"/> (the name Lambda's failure records use).</summary>
    public const string ReasonAttribute = "ERROR_MESSAGE";
}

/// <summary>Where a relay or a consumer sends what can never succeed: SQS in AWS, the local cloud's queue locally.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SQS queue, not a collection.")]
public interface IDeadLetterQueue
{
    /// <summary>Returns once the queue has accepted the letter.</summary>
    Task SendAsync(DeadLetter letter, CancellationToken cancellationToken);
}
