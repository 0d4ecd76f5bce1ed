using Microsoft.Data.Sqlite;
using Razors.Sqlite;

namespace Razors.Payments.Sqlite;

/// <summary>
/// The embedded payments database: one SQLite file under the data folder (or an in-memory
/// database) whose tables are collections of JSON documents — payments, outbox, inbox and
/// resume tokens. The store, the change log, the pending outbox and the resume token store share
/// one instance.
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
        CREATE TABLE IF NOT EXISTS outbox (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, document TEXT NOT NULL,
            sent_at TEXT, dead_lettered_at TEXT, expires_at TEXT) STRICT;
        CREATE TABLE IF NOT EXISTS inbox (id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS resume_tokens (consumer TEXT PRIMARY KEY, token TEXT NOT NULL) STRICT, WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS change_log (id INTEGER PRIMARY KEY CHECK (id = 1), trimmed_through INTEGER NOT NULL) STRICT;
        INSERT INTO change_log (id, trimmed_through) VALUES (1, 0) ON CONFLICT DO NOTHING;
        """;

    /// <summary>
    /// The pending set (no expiry until sent or dead-lettered) and the expiry sweep, created after
    /// <see cref="AddSettledColumns"/> has brought an older file's outbox up to date.
    /// </summary>
    private const string Indexes = """
        CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (sequence) WHERE expires_at IS NULL;
        CREATE INDEX IF NOT EXISTS outbox_expires_at ON outbox (expires_at) WHERE expires_at IS NOT NULL;
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
            database.Write(AddSettledColumns);
            database.EnsureSchema(Indexes);
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

    /// <summary>
    /// Drops the change log's history through <paramref name="sequence"/>, as a change stream's
    /// retention does: a watcher resuming before it gets <see cref="Ports.OutboxHistoryLostException"/>;
    /// the outbox documents stay. Expiring settled documents does it too.
    /// </summary>
    internal void TrimHistory(long sequence) => Write((c, t) => TrimHistory(c, t, sequence));

    internal static int TrimHistory(SqliteConnection connection, SqliteTransaction transaction, long sequence) =>
        connection.Execute(transaction, "UPDATE change_log SET trimmed_through = MAX(trimmed_through, $sequence)", ("$sequence", sequence));

    /// <summary>Ids are stored as in the JSON documents (System.Text.Json writes the "D" format), so indexes on either agree.</summary>
    internal static string Id(Guid id) => id.ToString("D");

    /// <summary>Wakes the change log's watchers; call after a commit that added outbox records.</summary>
    internal void SignalOutboxAppended() => Interlocked.Exchange(ref outboxAppended, NewSignal()).TrySetResult();

    public void Dispose() => database.Dispose();

    /// <summary>
    /// A file written before the pending set has no settled columns: add them, and count what its
    /// worker had already sent (up to the furthest saved token) as sent, so no start sweeps it again.
    /// </summary>
    private static int AddSettledColumns(SqliteConnection connection, SqliteTransaction transaction)
    {
        if (connection.Scalar<long>(transaction, "SELECT count(*) FROM pragma_table_info('outbox') WHERE name = 'expires_at'") > 0)
        {
            return 0;
        }

        foreach (var column in new[] { "sent_at", "dead_lettered_at", "expires_at" })
        {
            connection.Execute(transaction, $"ALTER TABLE outbox ADD COLUMN {column} TEXT");
        }

        using var command = connection.Command(transaction, "SELECT token FROM resume_tokens");
        using var reader = command.ExecuteReader();
        var sent = 0L;
        while (reader.Read())
        {
            sent = Math.Max(sent, OutboxSequenceToken.Parse(reader.GetString(0)));
        }

        var now = DateTimeOffset.UtcNow;
        return connection.Execute(transaction, "UPDATE outbox SET sent_at = $now, expires_at = $expiresAt WHERE sequence <= $sent",
            ("$now", Instant(now)), ("$expiresAt", Instant(now + Ports.IPendingOutbox.Retention)), ("$sent", sent));
    }

    /// <summary>UTC ISO 8601 with 7 fractional digits, so stored instants compare as text.</summary>
    internal static string Instant(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    // Continuations run on the thread pool, never inline under the writer's lock.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
