using Razors.Subscription.Domain;

namespace Razors.Subscription.Ports;

/// <summary>Where subscriptions, their outbox records, idempotency records and inbox markers live.</summary>
public interface ISubscriptionStore
{
    /// <summary>The subscription with this id, read consistently, or null.</summary>
    Task<SubscriptionState?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The record of an earlier create with this idempotency key, or null.</summary>
    Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the new state, its outbox records, the idempotency record and the inbox marker (if
    /// any) atomically: all of them or none.
    /// </summary>
    Task<SaveResult> SaveAsync(SubscriptionChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the inbox marker alone, for an event that changes nothing: <see cref="SaveResult.Saved"/>,
    /// <see cref="SaveResult.AlreadyHandled"/>, or <see cref="SaveResult.Conflict"/> when a
    /// duplicate of the event was being handled at that moment.
    /// </summary>
    Task<SaveResult> MarkHandledAsync(HandledEvent handled, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of subscriptions still Pending that were created before <paramref name="createdBefore"/>,
    /// read from an index that may lag the table: load each one before acting on it.
    /// </summary>
    IAsyncEnumerable<Guid> PendingCreatedBeforeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken);
}

/// <summary>Why a save wrote nothing, or that it wrote everything.</summary>
public enum SaveResult
{
    Saved,

    /// <summary>
    /// The stored version was not <see cref="SubscriptionChange.ExpectedVersion"/>, or another write
    /// of the subscription or of the inbox marker was under way: a race lost; decide again on a fresh load.
    /// </summary>
    Conflict,

    /// <summary>Another request stored a live record under the same idempotency key first, or is storing one now.</summary>
    IdempotencyKeyTaken,

    /// <summary>The inbox marker of <see cref="SubscriptionChange.Handled"/> exists: the event was handled before.</summary>
    AlreadyHandled,
}
