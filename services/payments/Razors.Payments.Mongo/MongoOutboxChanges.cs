using System.Runtime.CompilerServices;
using MongoDB.Bson;
using MongoDB.Driver;
using Razors.Payments.Ports;

namespace Razors.Payments.Mongo;

/// <summary>
/// The outbox collection's change stream, filtered to inserts. Changes arrive in commit order,
/// only once committed, and each carries its resume token (the change's <c>_id</c>) as JSON.
/// A watcher with no token starts at the store's origin (see <see cref="MongoPaymentsDatabase"/>).
/// A token or origin older than the server keeps changes for (the oplog on MongoDB, 3 hours to
/// 7 days on DocumentDB) fails with ChangeStreamHistoryLost rather than silently skipping; it
/// reaches the worker as <see cref="OutboxHistoryLostException"/>.
/// </summary>
public sealed class MongoOutboxChanges(MongoPaymentsDatabase database) : IOutboxChanges
{
    private static readonly PipelineDefinition<ChangeStreamDocument<BsonDocument>, ChangeStreamDocument<BsonDocument>> InsertsOnly =
        new EmptyPipelineDefinition<ChangeStreamDocument<BsonDocument>>().Match(new BsonDocument("operationType", "insert"));

    /// <summary>https://www.mongodb.com/docs/manual/reference/error-codes/ (286).</summary>
    private const int ChangeStreamHistoryLost = 286;

    public async IAsyncEnumerable<OutboxChange> WatchAsync(string? resumeAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await database.EnsureCreatedAsync(cancellationToken);

        // An insert's change carries the inserted document itself; no lookup of a later state.
        var options = new ChangeStreamOptions { BatchSize = 100 };
        if (resumeAfter is null)
        {
            options.StartAtOperationTime = await database.StreamOriginAsync(cancellationToken);
        }
        else
        {
            options.ResumeAfter = ParseToken(resumeAfter);
        }

        using var cursor = await HistoryAsync(() => database.Outbox.WatchAsync(InsertsOnly, options, cancellationToken), resumeAfter);

        // An empty batch means the server's wait (maxAwaitTimeMS) ended with nothing new.
        while (await HistoryAsync(() => cursor.MoveNextAsync(cancellationToken), resumeAfter))
        {
            foreach (var change in cursor.Current)
            {
                yield return new OutboxChange(change.ResumeToken.ToJson(), OutboxBson.Read(change.FullDocument));
            }
        }
    }

    /// <summary>
    /// A stream opened without a token starts now; after its first (possibly empty) batch its
    /// resume token is the post-batch token, after anything it returned. Those changes are not
    /// lost: they are pending, and the caller republishes the pending set after taking the token.
    /// </summary>
    public async Task<string> CurrentTokenAsync(CancellationToken cancellationToken)
    {
        await database.EnsureCreatedAsync(cancellationToken);
        using var cursor = await database.Outbox.WatchAsync(InsertsOnly, new ChangeStreamOptions { BatchSize = 1, MaxAwaitTime = TimeSpan.FromMilliseconds(1) }, cancellationToken);
        await cursor.MoveNextAsync(cancellationToken);
        return cursor.GetResumeToken()?.ToJson()
            ?? throw new InvalidOperationException("The outbox change stream returned no resume token.");
    }

    private static async Task<T> HistoryAsync<T>(Func<Task<T>> read, string? resumeAfter)
    {
        try
        {
            return await read();
        }
        catch (MongoCommandException e) when (e.Code == ChangeStreamHistoryLost)
        {
            throw new OutboxHistoryLostException($"The outbox change stream no longer holds the changes after {resumeAfter ?? "the store's origin"}: {e.Message}", e);
        }
    }

    private static BsonDocument ParseToken(string token)
    {
        try
        {
            return BsonDocument.Parse(token);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"'{token}' is not a resume token of a MongoDB change stream.", nameof(token), e);
        }
    }
}
