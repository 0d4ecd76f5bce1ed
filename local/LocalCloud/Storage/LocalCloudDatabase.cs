using Microsoft.Data.Sqlite;

namespace Razors.LocalCloud.Storage;

/// <summary>
/// The local cloud's durable state (queue messages, pending bus deliveries, archives, stream
/// checkpoints) in one SQLite database under the data folder, or in memory for tests.
/// Every change is one SQLite transaction, so a crash never leaves half a send or half a move.
/// </summary>
/// <remarks>
/// One connection, one writer at a time: SQLite serialises writers anyway, and a lock is
/// cheaper than SQLITE_BUSY retries. WAL with synchronous=NORMAL survives a process crash
/// (only an OS crash can lose the last transactions), which is the fault the local host faces.
/// </remarks>
public sealed class LocalCloudDatabase : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Lock gate = new();

    private LocalCloudDatabase(SqliteConnection connection) => this.connection = connection;

    /// <summary>Opens (creating if needed) <c>localcloud.db</c> in <paramref name="dataDirectory"/>, or an in-memory database when it is null.</summary>
    public static LocalCloudDatabase Open(string? dataDirectory)
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
                DataSource = Path.Combine(dataDirectory, "localcloud.db"),
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ToString();
        }

        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        pragma.ExecuteNonQuery();
        return new LocalCloudDatabase(connection);
    }

    /// <summary>Runs DDL (<c>CREATE TABLE IF NOT EXISTS …</c>); each component owns its tables.</summary>
    public void EnsureSchema(string ddl) => Write((c, t) =>
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = ddl;
        return command.ExecuteNonQuery();
    });

    /// <summary>Runs <paramref name="work"/> in one transaction, committed when it returns.</summary>
    public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (gate)
        {
            using var transaction = connection.BeginTransaction();
            var result = work(connection, transaction);
            transaction.Commit();
            return result;
        }
    }

    /// <summary>Runs a read under the same lock (a consistent view, no torn reads).</summary>
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
