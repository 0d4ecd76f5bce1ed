using Microsoft.Data.Sqlite;

namespace Razors.Payments.Sqlite;

/// <summary>
/// The embedded payments database: one SQLite file under the data folder (or an in-memory
/// database) whose tables are collections of JSON documents — payments, outbox, inbox and
/// resume tokens. The store, the change log and the resume token store share one instance.
/// </summary>
/// <remarks>
/// One connection, one caller at a time: SQLite serialises writers anyway, and a lock is cheaper
/// than SQLITE_BUSY retries. It also makes the outbox sequence a commit order: a row's sequence is
/// assigned inside its transaction, and no other transaction can commit in between.
/// WAL with synchronous=NORMAL survives a process crash (only an OS crash can lose the last
/// transactions), which is the fault a local run faces.
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

    private readonly SqliteConnection connection;
    private readonly Lock gate = new();
    private TaskCompletionSource outboxAppended = NewSignal();

    private SqlitePaymentsDatabase(SqliteConnection connection) => this.connection = connection;

    /// <summary>Completes at the next commit that adds outbox records; a fresh task after each.</summary>
    internal Task OutboxAppended => Volatile.Read(ref outboxAppended).Task;

    /// <summary>
    /// Opens (creating if needed) <see cref="FileName"/> in <paramref name="dataDirectory"/>, or a
    /// private in-memory database when it is null (kept while this instance lives).
    /// </summary>
    public static SqlitePaymentsDatabase Open(string? dataDirectory)
    {
        string connectionString;
        if (dataDirectory is null)
        {
            connectionString = "Data Source=:memory:";
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(dataDirectory, FileName),
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ToString();
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; " + Schema;
            command.ExecuteNonQuery();
            return new SqlitePaymentsDatabase(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> alone on the connection; it begins and commits its own transaction.</summary>
    internal T Use<T>(Func<SqliteConnection, T> work)
    {
        lock (gate)
        {
            return work(connection);
        }
    }

    /// <summary>Wakes the change log's watchers; call after a commit that added outbox records.</summary>
    internal void SignalOutboxAppended() => Interlocked.Exchange(ref outboxAppended, NewSignal()).TrySetResult();

    public void Dispose() => connection.Dispose();

    // Continuations run on the thread pool, never inline under the writer's lock.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
