using Razors.Messaging.Outbox;
using Razors.Payments.Domain;

namespace Razors.Payments.Ports;

/// <summary>
/// One atomic write: the payment (inserted when <see cref="ExpectedVersion"/> is 0, else replaced
/// only if its stored version equals it), its outbox records, and, for a handler, the inbox marker
/// of the event it handled. Nothing is written unless all of it is.
/// </summary>
public sealed record PaymentChange(Payment After, long ExpectedVersion, IReadOnlyList<OutboxRecord> Outbox)
{
    /// <summary>The <c>metadata.eventId</c> of the event this change handles; null for an API call.</summary>
    public Guid? HandledEventId { get; init; }
}

public enum SaveResult
{
    Saved,

    /// <summary>Another write changed the payment first (or a payment for that subscription exists).</summary>
    Conflict,

    /// <summary>The inbox already holds <see cref="PaymentChange.HandledEventId"/>: nothing was written.</summary>
    AlreadyHandled,
}

/// <summary>The payments store. Implementations: the embedded document store and MongoDB/DocumentDB.</summary>
public interface IPaymentStore
{
    Task<Payment?> GetAsync(Guid paymentId, CancellationToken cancellationToken);

    /// <summary>A subscription has at most one payment (a unique index enforces it).</summary>
    Task<Payment?> FindBySubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken);

    /// <summary>Whether the inbox holds <paramref name="eventId"/> (a handler that changes nothing still records it with <see cref="MarkHandledAsync"/>).</summary>
    Task<bool> HasHandledAsync(Guid eventId, CancellationToken cancellationToken);

    /// <summary>Records an event as handled when handling it changes nothing (e.g. cancelling a cancelled payment).</summary>
    Task MarkHandledAsync(Guid eventId, CancellationToken cancellationToken);

    Task<SaveResult> SaveAsync(PaymentChange change, CancellationToken cancellationToken);
}

/// <summary>
/// A stored outbox document: its <see cref="Record"/>, or, when the document cannot be read as
/// one, null with the stored text (<see cref="Stored"/>) and why (<see cref="Unreadable"/>).
/// </summary>
/// <param name="Id">The document's key, the event id in the "D" format; it names the document in the pending set.</param>
/// <param name="GroupId">The payment id when it can be read (the FIFO message group), else <paramref name="Id"/>.</param>
/// <param name="Record">The record; null when the document is unreadable.</param>
public sealed record OutboxDocument(string Id, string GroupId, OutboxRecord? Record)
{
    public string? Unreadable { get; init; }

    public string? Stored { get; init; }

    public static OutboxDocument Of(OutboxRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.EventId.ToString("D", System.Globalization.CultureInfo.InvariantCulture), record.AggregateId, record);
    }
}

/// <summary>A committed outbox document and the token to resume after it.</summary>
public sealed record OutboxChange(string ResumeToken, OutboxDocument Document);

/// <summary>
/// The outbox collection's change stream (Mongo semantics): only committed inserts, in commit
/// order, resumable after any token it handed out.
/// </summary>
public interface IOutboxChanges
{
    /// <summary>Changes after <paramref name="resumeAfter"/> (from the beginning when null), waiting for new ones until cancelled.</summary>
    /// <exception cref="OutboxHistoryLostException">The stream no longer holds the changes after <paramref name="resumeAfter"/>.</exception>
    IAsyncEnumerable<OutboxChange> WatchAsync(string? resumeAfter, CancellationToken cancellationToken);

    /// <summary>A token for now: a watcher resuming after it sees only changes committed later.</summary>
    Task<string> CurrentTokenAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The change stream's history no longer reaches back to the resume token (MongoDB's
/// ChangeStreamHistoryLost; the embedded change log trimmed past it): changes after the token may
/// be gone from the stream, though their documents are still in the outbox.
/// </summary>
public sealed class OutboxHistoryLostException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// The outbox documents the worker has not yet sent to the FIFO queue. A document is written
/// pending, with no expiry; marking it sent or dead-lettered takes it out of the set and only then
/// gives it an expiry, so nothing committed expires before it left the store.
/// </summary>
public interface IPendingOutbox
{
    /// <summary>How long a document stays after it was sent or dead-lettered (as the DynamoDB outbox items: shared/Aws/DynamoDb/OutboxItem.cs).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(2);

    /// <summary>The pending documents committed before <paramref name="committedBefore"/> (all when null), in commit order.</summary>
    IAsyncEnumerable<OutboxDocument> PendingAsync(DateTimeOffset? committedBefore, CancellationToken cancellationToken);

    /// <summary>Records when the document was sent and sets its expiry; a document no longer pending is left as it is.</summary>
    Task MarkSentAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>As <see cref="MarkSentAsync"/> for a document sent to the outbox DLQ.</summary>
    Task MarkDeadLetteredAsync(string documentId, CancellationToken cancellationToken);
}

/// <summary>Where the change-stream worker keeps its resume token, saved only after the FIFO send succeeded.</summary>
public interface IResumeTokenStore
{
    Task<string?> LoadAsync(string consumer, CancellationToken cancellationToken);

    Task SaveAsync(string consumer, string resumeToken, CancellationToken cancellationToken);
}
