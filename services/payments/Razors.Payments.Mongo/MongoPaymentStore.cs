using MongoDB.Bson;
using MongoDB.Driver;
using Razors.Payments.Domain;
using Razors.Payments.Ports;

namespace Razors.Payments.Mongo;

/// <summary>
/// <see cref="IPaymentStore"/> on MongoDB/DocumentDB: each change is one multi-document
/// transaction of the inbox marker, the payment (inserted, or replaced only at the expected
/// version) and its outbox documents.
/// </summary>
public sealed class MongoPaymentStore(MongoPaymentsDatabase database) : IPaymentStore
{
    private const string TransientTransactionError = "TransientTransactionError";
    private const string UnknownTransactionCommitResult = "UnknownTransactionCommitResult";
    private const int MaxAttempts = 5;

    private static readonly TransactionOptions Transaction = new(ReadConcern.Snapshot, writeConcern: WriteConcern.WMajority);

    public async Task<Payment?> GetAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        await database.EnsureCreatedAsync(cancellationToken);
        var document = await database.Payments.Find(ById(paymentId)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : PaymentDocument.FromBson(document);
    }

    public async Task<Payment?> FindBySubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        await database.EnsureCreatedAsync(cancellationToken);
        var document = await database.Payments
            .Find(Builders<BsonDocument>.Filter.Eq(PaymentDocument.SubscriptionId, Bson.Uuid(subscriptionId)))
            .FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : PaymentDocument.FromBson(document);
    }

    public async Task<bool> HasHandledAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await database.EnsureCreatedAsync(cancellationToken);
        return await database.Inbox.Find(ById(eventId)).AnyAsync(cancellationToken);
    }

    public async Task MarkHandledAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await database.EnsureCreatedAsync(cancellationToken);
        try
        {
            await database.Inbox.InsertOneAsync(new BsonDocument("_id", Bson.Uuid(eventId)), cancellationToken: cancellationToken);
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // Marked before: the marker is all this call adds.
        }
    }

    public async Task<SaveResult> SaveAsync(PaymentChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await database.EnsureCreatedAsync(cancellationToken);
        using var session = await database.Client.StartSessionAsync(cancellationToken: cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            session.StartTransaction(Transaction);
            try
            {
                var result = await WriteAsync(session, change, cancellationToken);
                if (result == SaveResult.Saved)
                {
                    await CommitAsync(session, cancellationToken);
                }
                else
                {
                    await session.AbortTransactionAsync(cancellationToken);
                }

                return result;
            }
            catch (MongoException e) when (e.HasErrorLabel(TransientTransactionError) && attempt < MaxAttempts)
            {
                // The server aborted the whole transaction (a write conflict with a concurrent
                // transaction, a primary step-down); running it again from the start is safe.
                // https://www.mongodb.com/docs/manual/core/transactions-in-applications/
                if (session.IsInTransaction)
                {
                    await session.AbortTransactionAsync(CancellationToken.None);
                }
            }
        }
    }

    private async Task<SaveResult> WriteAsync(IClientSessionHandle session, PaymentChange change, CancellationToken cancellationToken)
    {
        // The server aborts a transaction at its first failed write, so each write that may
        // fail by design is the last one tried; the caller then aborts on the client side too.
        if (change.HandledEventId is { } eventId
            && !await TryInsertAsync(database.Inbox, session, new BsonDocument("_id", Bson.Uuid(eventId)), cancellationToken))
        {
            return SaveResult.AlreadyHandled;
        }

        var payment = PaymentDocument.ToBson(change.After);
        var written = change.ExpectedVersion == 0
            ? await TryInsertAsync(database.Payments, session, payment, cancellationToken)
            : await TryReplaceAsync(session, change.After.PaymentId, change.ExpectedVersion, payment, cancellationToken);
        if (!written)
        {
            return SaveResult.Conflict;
        }

        if (change.Outbox.Count > 0)
        {
            await database.Outbox.InsertManyAsync(session, change.Outbox.Select(OutboxBson.ToBson), cancellationToken: cancellationToken);
        }

        return SaveResult.Saved;
    }

    /// <summary>False when a unique index (the id, or the payment's subscription id) already holds the key.</summary>
    private static async Task<bool> TryInsertAsync(IMongoCollection<BsonDocument> collection, IClientSessionHandle session, BsonDocument document, CancellationToken cancellationToken)
    {
        try
        {
            await collection.InsertOneAsync(session, document, cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    private async Task<bool> TryReplaceAsync(IClientSessionHandle session, Guid paymentId, long expectedVersion, BsonDocument document, CancellationToken cancellationToken)
    {
        var filter = ById(paymentId) & Builders<BsonDocument>.Filter.Eq(PaymentDocument.Version, expectedVersion);
        try
        {
            var result = await database.Payments.ReplaceOneAsync(session, filter, document, cancellationToken: cancellationToken);
            return result.MatchedCount == 1;
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // The replacement would take another payment's subscription id.
            return false;
        }
    }

    private static async Task CommitAsync(IClientSessionHandle session, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await session.CommitTransactionAsync(cancellationToken);
                return;
            }
            catch (MongoException e) when (e.HasErrorLabel(UnknownTransactionCommitResult) && attempt < MaxAttempts)
            {
                // The commit may or may not have happened; committing again is idempotent.
            }
        }
    }

    private static FilterDefinition<BsonDocument> ById(Guid id) => Builders<BsonDocument>.Filter.Eq("_id", Bson.Uuid(id));
}
