using System.Runtime.CompilerServices;
using MongoDB.Bson;
using MongoDB.Driver;
using Razors.Payments.Ports;

namespace Razors.Payments.Mongo;

/// <summary>
/// <see cref="IPendingOutbox"/> on MongoDB/DocumentDB: the outbox documents that still carry the
/// <c>pending</c> field. Settling one removes it and sets <c>expiresAt</c> in one update (not an
/// insert, so the filtered change stream never shows it); the TTL index then removes it.
/// </summary>
/// <remarks>
/// Commit order is <c>occurredAt</c> (the time the change was decided, each after the payment's
/// previous change committed), then the id; an update could only reorder two records of one save.
/// </remarks>
public sealed class MongoPendingOutbox(MongoPaymentsDatabase database, TimeProvider time) : IPendingOutbox
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    public async IAsyncEnumerable<OutboxDocument> PendingAsync(DateTimeOffset? committedBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await database.EnsureCreatedAsync(cancellationToken);
        var pending = Filter.Eq(OutboxBson.Pending, true);
        if (committedBefore is { } before)
        {
            // An unreadable document may lack a readable time: it is always due.
            pending &= Filter.Lt(OutboxBson.OccurredAt, Bson.Instant(before.ToUniversalTime())) | Filter.Not(Filter.Type(OutboxBson.OccurredAt, BsonType.String));
        }

        using var cursor = await database.Outbox
            .Find(pending, new FindOptions { BatchSize = 100 })
            .Sort(Builders<BsonDocument>.Sort.Ascending(OutboxBson.OccurredAt).Ascending("_id"))
            .ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                yield return OutboxBson.Read(document);
            }
        }
    }

    public Task MarkSentAsync(string documentId, CancellationToken cancellationToken) => SettleAsync(documentId, OutboxBson.SentAt, cancellationToken);

    public Task MarkDeadLetteredAsync(string documentId, CancellationToken cancellationToken) => SettleAsync(documentId, OutboxBson.DeadLetteredAt, cancellationToken);

    private async Task SettleAsync(string documentId, string settledField, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        await database.EnsureCreatedAsync(cancellationToken);
        var now = time.GetUtcNow();
        await database.Outbox.UpdateOneAsync(
            Filter.Eq("_id", OutboxBson.IdValue(documentId)) & Filter.Eq(OutboxBson.Pending, true),
            Builders<BsonDocument>.Update
                .Set(settledField, Bson.Instant(now))
                .Set(OutboxBson.ExpiresAt, new BsonDateTime((now + IPendingOutbox.Retention).UtcDateTime))
                .Unset(OutboxBson.Pending),
            cancellationToken: cancellationToken);
    }
}
