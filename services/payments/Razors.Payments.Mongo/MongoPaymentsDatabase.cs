using MongoDB.Bson;
using MongoDB.Driver;

namespace Razors.Payments.Mongo;

/// <summary>
/// The payments database on MongoDB (a replica set: transactions and change streams need one) or
/// Amazon DocumentDB 4.0+. It creates its collections and indexes on first use, because neither
/// server creates a collection inside a multi-document transaction. Disposing it disposes the client.
/// </summary>
/// <remarks>
/// DocumentDB specifics: change streams are off until enabled per collection, which creating the
/// store does for the outbox (<c>modifyChangeStreams</c>; MongoDB has no such command and needs
/// none). DocumentDB keeps 3 hours of changes unless the cluster parameter
/// <c>change_stream_log_retention_duration</c> raises it (up to 7 days). TLS, the RDS CA bundle
/// and <c>retryWrites=false</c> are set by <see cref="DocumentDbConnection"/>.
/// </remarks>
public sealed class MongoPaymentsDatabase : IDisposable
{
    public const string PaymentsCollection = "payments";
    public const string OutboxCollection = "outbox";
    public const string InboxCollection = "inbox";
    public const string ResumeTokensCollection = "resumeTokens";

    /// <summary>Where the outbox change stream starts for a watcher with no resume token.</summary>
    public const string StreamOriginsCollection = "changeStreamOrigins";

    private const string StartAtOperationTime = "startAtOperationTime";
    private const int NamespaceExists = 48;
    private const int CommandNotFound = 59;

    private readonly SemaphoreSlim creating = new(1, 1);
    private volatile bool created;

    public MongoPaymentsDatabase(IMongoClient client, string databaseName)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        Client = client;
        Database = client.GetDatabase(databaseName);
        Payments = Database.GetCollection<BsonDocument>(PaymentsCollection);
        Outbox = Database.GetCollection<BsonDocument>(OutboxCollection);
        Inbox = Database.GetCollection<BsonDocument>(InboxCollection);
        ResumeTokens = Database.GetCollection<BsonDocument>(ResumeTokensCollection);
        StreamOrigins = Database.GetCollection<BsonDocument>(StreamOriginsCollection);
    }

    public IMongoClient Client { get; }

    public IMongoDatabase Database { get; }

    internal IMongoCollection<BsonDocument> Payments { get; }

    internal IMongoCollection<BsonDocument> Outbox { get; }

    internal IMongoCollection<BsonDocument> Inbox { get; }

    internal IMongoCollection<BsonDocument> ResumeTokens { get; }

    internal IMongoCollection<BsonDocument> StreamOrigins { get; }

    /// <summary>Creates the collections, the indexes and the stream origin unless this instance already did; safe to run from many processes.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (created)
        {
            return;
        }

        await creating.WaitAsync(cancellationToken);
        try
        {
            if (!created)
            {
                await CreateAsync(cancellationToken);
                created = true;
            }
        }
        finally
        {
            creating.Release();
        }
    }

    /// <summary>The operation time recorded before any outbox document could be written.</summary>
    internal async Task<BsonTimestamp> StreamOriginAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var origin = await StreamOrigins.Find(Builders<BsonDocument>.Filter.Eq("_id", OutboxCollection)).FirstAsync(cancellationToken);
        return origin[StartAtOperationTime].AsBsonTimestamp;
    }

    public void Dispose()
    {
        creating.Dispose();
        Client.Dispose();
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        using var session = await Client.StartSessionAsync(cancellationToken: cancellationToken);
        foreach (var name in new[] { PaymentsCollection, OutboxCollection, InboxCollection, ResumeTokensCollection, StreamOriginsCollection })
        {
            try
            {
                await Database.CreateCollectionAsync(session, name, cancellationToken: cancellationToken);
            }
            catch (MongoCommandException e) when (e.Code == NamespaceExists)
            {
                // Created earlier, by this process or another one.
            }
        }

        await EnableOutboxChangeStreamAsync(cancellationToken);

        await Payments.Indexes.CreateOneAsync(session, new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending(PaymentDocument.SubscriptionId),
            new CreateIndexOptions { Name = "subscriptionId_unique", Unique = true }), cancellationToken: cancellationToken);

        // Deleting a relayed record is not an insert, so the filtered change stream never shows it;
        // a pending record has no expiresAt, and TTL leaves a document without the field alone.
        await Outbox.Indexes.CreateOneAsync(session, new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending(OutboxBson.ExpiresAt),
            new CreateIndexOptions { Name = "expiresAt_ttl", ExpireAfter = TimeSpan.Zero }), cancellationToken: cancellationToken);

        // The pending set in commit order, for the worker's sweeps and its recovery from a history gap.
        await Outbox.Indexes.CreateOneAsync(session, new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending(OutboxBson.Pending).Ascending(OutboxBson.OccurredAt).Ascending("_id"),
            new CreateIndexOptions { Name = "pending_occurredAt" }), cancellationToken: cancellationToken);

        // A change stream cannot start "from the beginning": without a token it starts now, and a
        // worker starting for the first time would skip what was saved before it. So the first
        // instance records an operation time from before its first save; later ones keep it
        // ($setOnInsert), and each saves only after this upsert, so no save precedes the origin.
        await StreamOrigins.UpdateOneAsync(session,
            Builders<BsonDocument>.Filter.Eq("_id", OutboxCollection),
            Builders<BsonDocument>.Update.SetOnInsert(StartAtOperationTime, session.OperationTime
                ?? throw new InvalidOperationException("The server reported no operation time: the payments store needs a replica set (transactions and change streams do).")),
            new UpdateOptions { IsUpsert = true },
            cancellationToken);
    }

    /// <summary>
    /// DocumentDB streams a collection's changes only once enabled (idempotent). It runs before
    /// <see cref="CreateAsync"/> records the stream origin, so nothing written after the origin
    /// is missed. MongoDB always streams and answers CommandNotFound.
    /// https://docs.aws.amazon.com/documentdb/latest/developerguide/change_streams.html
    /// </summary>
    private async Task EnableOutboxChangeStreamAsync(CancellationToken cancellationToken)
    {
        var command = new BsonDocument
        {
            { "modifyChangeStreams", 1 },
            { "database", Database.DatabaseNamespace.DatabaseName },
            { "collection", OutboxCollection },
            { "enable", true },
        };
        try
        {
            await Client.GetDatabase("admin").RunCommandAsync<BsonDocument>(command, cancellationToken: cancellationToken);
        }
        catch (MongoCommandException e) when (e.Code == CommandNotFound)
        {
            // MongoDB: change streams need no enabling.
        }
    }
}
