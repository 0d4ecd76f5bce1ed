using Microsoft.Data.Sqlite;
using Razors.Sqlite;

namespace Razors.Payments.Sqlite;

/// <summary>
/// The embedded payments database: one SQLite file under the data folder (or an in-memory
/// database) whose tables are collections of JSON documents — payments, outbox, inbox and
/// resume tokens. The store, the change log and the resume token store share one instance.
/// </summary>
/// <remarks>
/// <see cref="SqliteDatabase"/> lets one caller at a time use its one connection, which also makes
/// the outbox sequence a commit order: a row's sequence is assigned inside its transaction, and no
/// other transaction can commit in between.
/// </remarks>
public sealed class SqlitePaymentsDatabase : IDisposable
{
    public const string FileName = "payments.db";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS payments (id TEXT PRIMARY KEY, document TEXT NOT NULL) STRICT;
        CREATE UNIQUE INDEX IF NOT EXISTS payments_subscription_id ON payments (json_extract(document, '$.subscriptionId'));
        CREATE TABLE IF NOT EXISTS outbox (sequence INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, document TEXT NOT NULL) STRICT;
        CREATE TABLE IF NOT EXISTS inbox (id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS resume_tokens (consumer TEXT PRIMARY KEY, token TEXT NOT NULL) STRICT, WITHOUT ROWID;
        """;

    private readonly SqliteDatabase database;
    private TaskCompletionSource outboxAppended = NewSignal();

    private SqlitePaymentsDatabase(SqliteDatabase database) => this.database = database;

    /// <summary>Completes at the next commit that adds outbox records; a fresh task after each.</summary>
    internal Task OutboxAppended => Volatile.Read(ref outboxAppended).Task;

    /// <summary>
    /// Opens (creating if needed) <see cref="FileName"/> in <paramref name="dataDirectory"/>, or a
    /// private in-memory database when it is null (kept while this instance lives).
    /// </summary>
    public static SqlitePaymentsDatabase Open(string? dataDirectory)
    {
        var database = SqliteDatabase.Open(dataDirectory, FileName, "busy_timeout=5000");
        try
        {
            database.EnsureSchema(Schema);
            return new SqlitePaymentsDatabase(database);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="SqliteDatabase.Read"/>
    internal T Read<T>(Func<SqliteConnection, T> work) => database.Read(work);

    /// <inheritdoc cref="SqliteDatabase.Write{T}(Func{SqliteConnection, SqliteTransaction, T}, Func{T, bool})"/>
    internal T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work, Func<T, bool> commit) => database.Write(work, commit);

    /// <inheritdoc cref="SqliteDatabase.Write{T}(Func{SqliteConnection, SqliteTransaction, T})"/>
    internal T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work) => database.Write(work);

    /// <summary>Ids are stored as in the JSON documents (System.Text.Json writes the "D" format), so indexes on either agree.</summary>
    internal static string Id(Guid id) => id.ToString("D");

    /// <summary>Wakes the change log's watchers; call after a commit that added outbox records.</summary>
    internal void SignalOutboxAppended() => Interlocked.Exchange(ref outboxAppended, NewSignal()).TrySetResult();

    public void Dispose() => database.Dispose();

    // Continuations run on the thread pool, never inline under the writer's lock.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
