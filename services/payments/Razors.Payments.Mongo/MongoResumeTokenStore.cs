using MongoDB.Bson;
using MongoDB.Driver;
using Razors.Payments.Ports;

namespace Razors.Payments.Mongo;

/// <summary><see cref="IResumeTokenStore"/> as one document per consumer in the payments database.</summary>
public sealed class MongoResumeTokenStore(MongoPaymentsDatabase database) : IResumeTokenStore
{
    private const string Token = "token";

    public async Task<string?> LoadAsync(string consumer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        await database.EnsureCreatedAsync(cancellationToken);
        var document = await database.ResumeTokens.Find(ByConsumer(consumer)).FirstOrDefaultAsync(cancellationToken);
        return document?[Token].AsString;
    }

    public async Task SaveAsync(string consumer, string resumeToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentException.ThrowIfNullOrEmpty(resumeToken);
        await database.EnsureCreatedAsync(cancellationToken);
        await database.ResumeTokens.ReplaceOneAsync(ByConsumer(consumer),
            new BsonDocument { { "_id", consumer }, { Token, resumeToken } },
            new ReplaceOptions { IsUpsert = true },
            cancellationToken);
    }

    private static FilterDefinition<BsonDocument> ByConsumer(string consumer) => Builders<BsonDocument>.Filter.Eq("_id", consumer);
}
