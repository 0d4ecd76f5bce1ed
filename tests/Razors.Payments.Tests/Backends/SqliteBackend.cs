using Razors.Payments.Sqlite;
using Razors.Payments.Ports;

namespace Razors.Payments.Tests.Backends;

public sealed class SqliteBackend : IPaymentsBackend
{
    private SqliteBackend(SqlitePaymentsDatabase database)
    {
        Database = database;
        Store = new SqlitePaymentStore(database);
        Changes = new SqliteOutboxChanges(database);
        ResumeTokens = new SqliteResumeTokenStore(database);
    }

    public SqlitePaymentsDatabase Database { get; }

    public IPaymentStore Store { get; }

    public IOutboxChanges Changes { get; }

    public IResumeTokenStore ResumeTokens { get; }

    /// <summary>Opens the file in <paramref name="dataDirectory"/>, or an in-memory database.</summary>
    public static SqliteBackend Open(string? dataDirectory) => new(SqlitePaymentsDatabase.Open(dataDirectory));

    public Task<StoredCounts> CountAsync(CancellationToken cancellationToken) => Task.FromResult(Database.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM payments), (SELECT count(*) FROM outbox), (SELECT count(*) FROM inbox)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return new StoredCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }));

    public ValueTask DisposeAsync()
    {
        Database.Dispose();
        return ValueTask.CompletedTask;
    }
}
