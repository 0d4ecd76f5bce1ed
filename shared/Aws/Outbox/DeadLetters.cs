namespace Razors.Aws.Outbox;

/// <summary>
/// A record that can never be published (unreadable, over the entry size limit), sent whole to
/// the relay's DLQ with the reason, so an operator can read, fix and resend it.
/// </summary>
/// <param name="Body">The record as it was stored (the outbox item's image, or the queue message's body).</param>
/// <param name="Reason">Why it can never succeed; also the message attribute <see cref="ReasonAttribute"/>.</param>
/// <param name="MessageGroupId">For a FIFO DLQ: the group of the message it stood in.</param>
/// <param name="DeduplicationId">For a FIFO DLQ: the id of the record, so sending it twice keeps one copy.</param>
public sealed record DeadLetter(string Body, string Reason, string? MessageGroupId = null, string? DeduplicationId = null)
{
    /// <summary>The message attribute that carries <see cref="Reason"/> (the name Lambda's failure records use).</summary>
    public const string ReasonAttribute = "ERROR_MESSAGE";
}

/// <summary>Where a relay sends what it can never publish: SQS in AWS, the local cloud's queue locally.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SQS queue, not a collection.")]
public interface IDeadLetterQueue
{
    /// <summary>Returns once the queue has accepted the letter.</summary>
    Task SendAsync(DeadLetter letter, CancellationToken cancellationToken);
}

/// <summary>What a relay records in its outbox about the records it handled.</summary>
public interface IOutboxLedger
{
    /// <summary>The record is on the bus: it leaves the pending index and may now expire.</summary>
    Task MarkPublishedAsync(string recordKey, CancellationToken cancellationToken);

    /// <summary>The record is in the DLQ: it leaves the pending index, so no sweep sends it again.</summary>
    Task MarkDeadLetteredAsync(string recordKey, CancellationToken cancellationToken);
}
