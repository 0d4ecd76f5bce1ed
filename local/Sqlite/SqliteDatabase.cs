using Microsoft.Data.Sqlite;

namespace Razors.Sqlite;

/// <summary>
/// One SQLite database (a file under a data folder, or private memory) behind one connection
/// that one caller uses at a time. The local cloud keeps its state in one
/// (local/LocalCloud/Storage/LocalCloudDatabase.cs), the local payments store its documents in
/// another (local/Razors.Payments.Sqlite/SqlitePaymentsDatabase.cs).
/// </summary>
/// <remarks>
/// One connection, one writer at a time: SQLite serialises writers anyway, and a lock is
/// cheaper than SQLITE_BUSY retries. WAL with synchronous=FULL syncs the log at every commit, so
/// a committed transaction survives a power loss or an OS crash, not only a crash of the process:
/// the local cloud's queues and the payments store are separate files, and with NORMAL a power
/// loss could keep one file's commit (a resume token saved) and drop another's (the queue message
/// it stood for). The benchmark measures the cost (tools/Razors.Bench, phase e)
/// (https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html#pragma_synchronous).
/// </remarks>
public sealed class SqliteDatabase : IDisposable
{
    /// <summary>The synchronous setting every database opens with.</summary>
    public const string Durable = "synchronous=FULL";

    private static readonly string[] DurabilityPragmas = ["journal_mode=WAL", Durable];

    private readonly SqliteConnection connection;
    private readonly Lock gate = new();

    private SqliteDatabase(SqliteConnection connection) => this.connection = connection;

    /// <summary>
    /// Opens (creating if needed) <paramref name="fileName"/> in <paramref name="dataDirectory"/>,
    /// or a private in-memory database when it is null (kept while this instance lives), in WAL
    /// mode with <see cref="Durable"/> and then <paramref name="pragmas"/> (<c>foreign_keys=ON</c>, …;
    /// a later pragma overrides an earlier one).
    /// </summary>
    public static SqliteDatabase Open(string? dataDirectory, string fileName, params IEnumerable<string> pragmas)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(pragmas);
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
                DataSource = Path.Combine(dataDirectory, fileName),
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ToString();
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            connection.Execute(null, string.Concat(DurabilityPragmas.Concat(pragmas).Select(p => $"PRAGMA {p}; ")));
            return new SqliteDatabase(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs DDL (<c>CREATE TABLE IF NOT EXISTS …</c>) in one transaction.</summary>
    public void EnsureSchema(string ddl) => Write((c, t) => c.Execute(t, ddl));

    /// <summary>Runs <paramref name="work"/> in one transaction, committed when it returns.</summary>
    public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work) => Write(work, _ => true);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed when <paramref name="commit"/>
    /// says so of its result and rolled back otherwise (a conditional write that found a newer version).
    /// </summary>
    public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work, Func<T, bool> commit)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(commit);
        lock (gate)
        {
            using var transaction = connection.BeginTransaction();
            var result = work(connection, transaction);
            if (commit(result))
            {
                transaction.Commit();
            }

            return result;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> alone on the connection with no transaction of its own: a
    /// consistent read, or work that begins and commits its own transactions.
    /// </summary>
    public T Read<T>(Func<SqliteConnection, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (gate)
        {
            return work(connection);
        }
    }

    public void Dispose() => connection.Dispose();
}
