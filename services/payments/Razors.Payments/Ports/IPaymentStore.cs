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

/// <summary>A committed outbox record and the token to resume after it.</summary>
public sealed record OutboxChange(string ResumeToken, OutboxRecord Record);

/// <summary>
/// The outbox collection's change stream (Mongo semantics): only committed inserts, in commit
/// order, resumable after any token it handed out.
/// </summary>
public interface IOutboxChanges
{
    /// <summary>Changes after <paramref name="resumeAfter"/> (from the beginning when null), waiting for new ones until cancelled.</summary>
    IAsyncEnumerable<OutboxChange> WatchAsync(string? resumeAfter, CancellationToken cancellationToken);
}

/// <summary>Where the change-stream worker keeps its resume token, saved only after the FIFO send succeeded.</summary>
public interface IResumeTokenStore
{
    Task<string?> LoadAsync(string consumer, CancellationToken cancellationToken);

    Task SaveAsync(string consumer, string resumeToken, CancellationToken cancellationToken);
}
