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
/// 7 days on DocumentDB) fails with ChangeStreamHistoryLost rather than silently skipping.
/// </summary>
public sealed class MongoOutboxChanges(MongoPaymentsDatabase database) : IOutboxChanges
{
    private static readonly PipelineDefinition<ChangeStreamDocument<BsonDocument>, ChangeStreamDocument<BsonDocument>> InsertsOnly =
        new EmptyPipelineDefinition<ChangeStreamDocument<BsonDocument>>().Match(new BsonDocument("operationType", "insert"));

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

        using var cursor = await database.Outbox.WatchAsync(InsertsOnly, options, cancellationToken);

        // An empty batch means the server's wait (maxAwaitTimeMS) ended with nothing new.
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var change in cursor.Current)
            {
                yield return new OutboxChange(change.ResumeToken.ToJson(), OutboxDocument.FromBson(change.FullDocument));
            }
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
