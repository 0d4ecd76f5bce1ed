using Razors.Payments.Ports;
using Razors.Sqlite;

namespace Razors.Payments.Sqlite;

/// <summary><see cref="IResumeTokenStore"/> in the embedded database, beside the outbox it resumes.</summary>
public sealed class SqliteResumeTokenStore(SqlitePaymentsDatabase database) : IResumeTokenStore
{
    public Task<string?> LoadAsync(string consumer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(database.Read(c => c.Scalar<string>(null, "SELECT token FROM resume_tokens WHERE consumer = $consumer", ("$consumer", consumer))));
    }

    public Task SaveAsync(string consumer, string resumeToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentException.ThrowIfNullOrEmpty(resumeToken);
        cancellationToken.ThrowIfCancellationRequested();
        database.Write((c, t) => c.Execute(t,
            "INSERT INTO resume_tokens (consumer, token) VALUES ($consumer, $token) ON CONFLICT (consumer) DO UPDATE SET token = excluded.token",
            ("$consumer", consumer), ("$token", resumeToken)));
        return Task.CompletedTask;
    }
}
