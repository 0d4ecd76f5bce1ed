using MongoDB.Bson;
using Microsoft.Extensions.Time.Testing;
using MongoDB.Driver;
using Razors.Payments.Mongo;
using Razors.Payments.Ports;

namespace Razors.Payments.Tests.Backends;

/// <summary>
/// A database of its own on the replica set named by <c>RAZORS_MONGODB_URI</c>, dropped afterwards.
/// Without that variable the test is skipped, and the run says why.
/// </summary>
public sealed class MongoBackend : IPaymentsBackend
{
    public const string UriVariable = "RAZORS_MONGODB_URI";

    private MongoBackend(MongoPaymentsDatabase database)
    {
        Database = database;
        Store = new MongoPaymentStore(database);
        Changes = new MongoOutboxChanges(database);
        ResumeTokens = new MongoResumeTokenStore(database);
        Pending = new MongoPendingOutbox(database, Clock);
    }

    public MongoPaymentsDatabase Database { get; }

    public IPaymentStore Store { get; }

    public IOutboxChanges Changes { get; }

    public IResumeTokenStore ResumeTokens { get; }

    public IPendingOutbox Pending { get; }

    public FakeTimeProvider Clock { get; } = new(Samples.Now);

    public async Task<string> InsertUnreadableAsync(string paymentId, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await Database.Outbox.InsertOneAsync(
            new BsonDocument { { "_id", new BsonBinaryData(id, GuidRepresentation.Standard) }, { "aggregateId", paymentId }, { OutboxBson.Pending, true } },
            cancellationToken: cancellationToken);
        return id.ToString("D");
    }

    /// <summary>A start one second after the epoch is long before any oplog, so the server answers ChangeStreamHistoryLost.</summary>
    public Task LoseHistoryAsync(CancellationToken cancellationToken) =>
        Database.StreamOrigins.UpdateOneAsync(
            Builders<BsonDocument>.Filter.Eq("_id", MongoPaymentsDatabase.OutboxCollection),
            Builders<BsonDocument>.Update.Set("startAtOperationTime", new BsonTimestamp(1, 1)),
            cancellationToken: cancellationToken);

    public static async Task<IPaymentsBackend> OpenAsync(CancellationToken cancellationToken)
    {
        var uri = Environment.GetEnvironmentVariable(UriVariable);
        if (string.IsNullOrWhiteSpace(uri))
        {
            Assert.Skip($"{UriVariable} is not set: the MongoDB half of the payments store suite needs a replica set (transactions, change streams), e.g. mongodb://127.0.0.1:27017/?replicaSet=rs0.");
        }

        var database = new MongoPaymentsDatabase(new MongoClient(uri), $"razors_payments_test_{Guid.NewGuid():N}");
        try
        {
            await database.EnsureCreatedAsync(cancellationToken);
            return new MongoBackend(database);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    public async Task<StoredCounts> CountAsync(CancellationToken cancellationToken) => new(
        await CountAsync(MongoPaymentsDatabase.PaymentsCollection, cancellationToken),
        await CountAsync(MongoPaymentsDatabase.OutboxCollection, cancellationToken),
        await CountAsync(MongoPaymentsDatabase.InboxCollection, cancellationToken));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Database.Client.DropDatabaseAsync(Database.Database.DatabaseNamespace.DatabaseName, CancellationToken.None);
        }
        finally
        {
            Database.Dispose();
        }
    }

    private Task<long> CountAsync(string collection, CancellationToken cancellationToken) =>
        Database.Database.GetCollection<BsonDocument>(collection).CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: cancellationToken);
}
