using Microsoft.Data.Sqlite;
using Razors.Sqlite;

namespace Razors.LocalCloud.Storage;

/// <summary>
/// The local cloud's durable state (queue messages, pending bus deliveries, archives, stream
/// checkpoints) in one SQLite database under the data folder, or in memory for tests.
/// Every change is one SQLite transaction, so a crash never leaves half a send or half a move.
/// Each component creates its own tables with <see cref="EnsureSchema"/>.
/// </summary>
public sealed class LocalCloudDatabase : IDisposable
{
    public const string FileName = "localcloud.db";

    private readonly SqliteDatabase database;

    private LocalCloudDatabase(SqliteDatabase database, string? dataDirectory)
    {
        this.database = database;
        DataDirectory = dataDirectory;
    }

    /// <summary>The data folder the database lives in; null in memory.</summary>
    public string? DataDirectory { get; }

    /// <summary>Opens (creating if needed) <see cref="FileName"/> in <paramref name="dataDirectory"/>, or an in-memory database when it is null.</summary>
    public static LocalCloudDatabase Open(string? dataDirectory) =>
        new(SqliteDatabase.Open(dataDirectory, FileName, "foreign_keys=ON"), dataDirectory);

    /// <inheritdoc cref="SqliteDatabase.EnsureSchema"/>
    public void EnsureSchema(string ddl) => database.EnsureSchema(ddl);

    /// <inheritdoc cref="SqliteDatabase.Write{T}(Func{SqliteConnection, SqliteTransaction, T})"/>
    public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work) => database.Write(work);

    /// <inheritdoc cref="SqliteDatabase.Read"/>
    public T Read<T>(Func<SqliteConnection, T> work) => database.Read(work);

    public void Dispose() => database.Dispose();
}
