using Razors.Subscription.Domain;

namespace Razors.Subscription.Ports;

/// <summary>Where subscriptions, their outbox records and idempotency records live.</summary>
public interface ISubscriptionStore
{
    /// <summary>The subscription with this id, read consistently, or null.</summary>
    Task<SubscriptionState?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The record of an earlier create with this idempotency key, or null.</summary>
    Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the new state, its outbox records and the idempotency record (if any) atomically:
    /// all of them or none.
    /// </summary>
    Task<SaveResult> SaveAsync(SubscriptionChange change, CancellationToken cancellationToken);
}

/// <summary>Why a save wrote nothing, or that it wrote everything.</summary>
public enum SaveResult
{
    Saved,

    /// <summary>The stored version was not <see cref="SubscriptionChange.ExpectedVersion"/>: another writer won.</summary>
    VersionConflict,

    /// <summary>Another request stored a live record under the same idempotency key first, or is storing one now.</summary>
    IdempotencyKeyTaken,
}
