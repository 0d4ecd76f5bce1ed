using MongoDB.Driver;

namespace Razors.Payments.Mongo;

/// <summary>How the payments store connects to an Amazon DocumentDB cluster.</summary>
public static class DocumentDbConnection
{
    /// <summary>DocumentDB names every cluster's replica set <c>rs0</c>.</summary>
    public const string ReplicaSetName = "rs0";

    /// <summary>
    /// The cluster at the secret's host and port, over TLS trusted by <paramref name="authority"/> only,
    /// as replica set <c>rs0</c>, reading from the primary (transactions and change streams run there).
    /// </summary>
    public static MongoClientSettings Settings(DocumentDbSecret secret, RdsCertificateAuthority authority)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(authority);
        return new MongoClientSettings
        {
            Server = new MongoServerAddress(secret.Host, secret.Port),

            // DocumentDB keeps its users in admin, as MongoDB does by default.
            Credential = MongoCredential.CreateCredential("admin", secret.Username, secret.Password),
            UseTls = true,
            SslSettings = new SslSettings
            {
                ServerCertificateValidationCallback = authority.Validate,
                CheckCertificateRevocation = false,
            },
            ReplicaSetName = ReplicaSetName,
            ReadPreference = ReadPreference.Primary,

            // DocumentDB rejects retryable writes (https://docs.aws.amazon.com/documentdb/latest/developerguide/functional-differences.html);
            // MongoPaymentStore retries whole transactions on TransientTransactionError instead.
            RetryWrites = false,
        };
    }
}
