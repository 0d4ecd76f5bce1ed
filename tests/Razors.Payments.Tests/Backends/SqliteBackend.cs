using Microsoft.Extensions.Time.Testing;
using Razors.Payments.Sqlite;
using Razors.Payments.Ports;
using Razors.Sqlite;

namespace Razors.Payments.Tests.Backends;

public sealed class SqliteBackend : IPaymentsBackend
{
    private SqliteBackend(SqlitePaymentsDatabase database)
    {
        Database = database;
        Store = new SqlitePaymentStore(database);
        Changes = new SqliteOutboxChanges(database);
        ResumeTokens = new SqliteResumeTokenStore(database);
        Pending = new SqlitePendingOutbox(database, Clock);
    }

    public SqlitePaymentsDatabase Database { get; }

    public IPaymentStore Store { get; }

    public IOutboxChanges Changes { get; }

    public IResumeTokenStore ResumeTokens { get; }

    public IPendingOutbox Pending { get; }

    public FakeTimeProvider Clock { get; } = new(Samples.Now);

    public Task<string> InsertUnreadableAsync(string paymentId, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7().ToString("D");
        Database.Write((c, t) => c.Execute(t, "INSERT INTO outbox (id, document) VALUES ($id, $document)",
            ("$id", id), ("$document", $$"""{"aggregateId":"{{paymentId}}"}""")));
        Database.SignalOutboxAppended();
        return Task.FromResult(id);
    }

    public Task LoseHistoryAsync(CancellationToken cancellationToken)
    {
        Database.TrimHistory(Database.Read(c => c.Scalar<long>(null, "SELECT IFNULL(MAX(sequence), 0) FROM outbox")));
        return Task.CompletedTask;
    }

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
