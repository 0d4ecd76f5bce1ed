using System.Globalization;
using Razors.Messaging;
using Razors.Subscription.Domain;
using Razors.Subscription.Ports;

namespace Razors.Subscription.Features.CreateSubscription;

/// <summary>
/// Stores a Pending subscription with its <c>SubscriptionCreated</c> outbox record and, when the
/// client sent an idempotency key, the key's record, all in one atomic write.
/// </summary>
public sealed class CreateSubscriptionHandler(ISubscriptionStore store, IIdGenerator ids, TimeProvider time)
{
    /// <param name="terms">The validated request.</param>
    /// <param name="idempotencyKey">The client's <c>Idempotency-Key</c>, if any.</param>
    /// <param name="correlationId">The caller's correlation id; by default the new subscription id starts the saga's.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<CreateSubscriptionResult> HandleAsync(
        SubscriptionTerms terms, string? idempotencyKey, string? correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var requestHash = idempotencyKey is null ? null : RequestHash.Of(terms);
        if (idempotencyKey is not null
            && await FindEarlierAsync(idempotencyKey, requestHash!, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var now = time.GetUtcNow();
        var id = ids.NewId();
        var eventId = ids.NewId();
        var (state, created) = CreateSubscriptionDecider.Decide(
            id, terms, correlationId ?? id.ToString("D", CultureInfo.InvariantCulture), now, eventId);
        var change = new SubscriptionChange(state, ExpectedVersion: 0, [SubscriptionEvents.ToOutbox(created, state, eventId, now)])
        {
            Idempotency = idempotencyKey is null ? null : new IdempotencyRecord(idempotencyKey, requestHash!, id, now),
        };

        return await store.SaveAsync(change, cancellationToken) switch
        {
            SaveResult.Saved => new CreateSubscriptionResult.Created(state),

            // A concurrent request with the same key committed between our read and our write,
            // or is committing now (its record is not readable yet).
            SaveResult.IdempotencyKeyTaken =>
                await FindEarlierAsync(idempotencyKey!, requestHash!, cancellationToken)
                ?? new CreateSubscriptionResult.KeyInUse(),

            var result => throw new InvalidOperationException($"A new subscription {id} could not be saved: {result}."),
        };
    }

    private async Task<CreateSubscriptionResult?> FindEarlierAsync(string key, string requestHash, CancellationToken cancellationToken)
    {
        var record = await store.GetIdempotencyRecordAsync(key, cancellationToken);
        if (record is null || !record.IsLiveAt(time.GetUtcNow()))
        {
            return null;
        }

        if (record.RequestHash != requestHash)
        {
            return new CreateSubscriptionResult.KeyReused();
        }

        // The record and the subscription were written in one transaction.
        var subscription = await store.GetAsync(record.SubscriptionId, cancellationToken)
            ?? throw new InvalidOperationException($"Idempotency key '{key}' names subscription {record.SubscriptionId}, which does not exist.");
        return new CreateSubscriptionResult.Replayed(subscription);
    }
}
