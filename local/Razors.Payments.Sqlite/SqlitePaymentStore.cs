using System.Text.Json;
using Microsoft.Data.Sqlite;
using Razors.Payments.Domain;
using Razors.Payments.Ports;
using Razors.Sqlite;

namespace Razors.Payments.Sqlite;

/// <summary>
/// <see cref="IPaymentStore"/> on the embedded database: each change is one SQLite transaction of
/// the inbox marker, the payment document (inserted, or replaced only at the expected version)
/// and its outbox documents.
/// </summary>
public sealed class SqlitePaymentStore(SqlitePaymentsDatabase database) : IPaymentStore
{
    public Task<Payment?> GetAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var document = database.Read(c => c.Scalar<string>(null, "SELECT document FROM payments WHERE id = $id", ("$id", SqlitePaymentsDatabase.Id(paymentId))));
        return Task.FromResult(Deserialize(document));
    }

    public Task<Payment?> FindBySubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // The same expression as the unique index, so the index answers it.
        var document = database.Read(c => c.Scalar<string>(
            null,
            "SELECT document FROM payments WHERE json_extract(document, '$.subscriptionId') = $subscriptionId",
            ("$subscriptionId", SqlitePaymentsDatabase.Id(subscriptionId))));
        return Task.FromResult(Deserialize(document));
    }

    public Task<bool> HasHandledAsync(Guid eventId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var found = database.Read(c => c.Scalar<string>(null, "SELECT id FROM inbox WHERE id = $id", ("$id", SqlitePaymentsDatabase.Id(eventId))));
        return Task.FromResult(found is not null);
    }

    public Task MarkHandledAsync(Guid eventId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        database.Write((c, t) => c.Execute(t, "INSERT INTO inbox (id) VALUES ($id) ON CONFLICT DO NOTHING", ("$id", SqlitePaymentsDatabase.Id(eventId))));
        return Task.CompletedTask;
    }

    public Task<SaveResult> SaveAsync(PaymentChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        var result = database.Write((connection, transaction) => Write(connection, transaction, change), saved => saved == SaveResult.Saved);
        if (result == SaveResult.Saved && change.Outbox.Count > 0)
        {
            database.SignalOutboxAppended();
        }

        return Task.FromResult(result);
    }

    private static SaveResult Write(SqliteConnection connection, SqliteTransaction transaction, PaymentChange change)
    {
        if (change.HandledEventId is { } eventId
            && connection.Execute(transaction, "INSERT INTO inbox (id) VALUES ($id) ON CONFLICT DO NOTHING", ("$id", SqlitePaymentsDatabase.Id(eventId))) == 0)
        {
            return SaveResult.AlreadyHandled;
        }

        var document = JsonSerializer.Serialize(change.After, PaymentsDocumentJson.Default.Payment);
        var written = change.ExpectedVersion == 0
            ? Insert(connection, transaction, change.After.PaymentId, document)
            : Replace(connection, transaction, change.After.PaymentId, change.ExpectedVersion, document);
        if (written == 0)
        {
            return SaveResult.Conflict;
        }

        foreach (var record in change.Outbox)
        {
            connection.Execute(transaction, "INSERT INTO outbox (id, document) VALUES ($id, $document)",
                ("$id", SqlitePaymentsDatabase.Id(record.EventId)), ("$document", JsonSerializer.Serialize(record, PaymentsDocumentJson.Default.OutboxRecord)));
        }

        return SaveResult.Saved;
    }

    // DO NOTHING without a conflict target covers every unique index: the id and the subscription id.
    private static int Insert(SqliteConnection connection, SqliteTransaction transaction, Guid paymentId, string document) =>
        connection.Execute(transaction, "INSERT INTO payments (id, document) VALUES ($id, $document) ON CONFLICT DO NOTHING",
            ("$id", SqlitePaymentsDatabase.Id(paymentId)), ("$document", document));

    // OR IGNORE: a replacement that would take another payment's subscription id is a conflict too.
    private static int Replace(SqliteConnection connection, SqliteTransaction transaction, Guid paymentId, long expectedVersion, string document) =>
        connection.Execute(transaction, "UPDATE OR IGNORE payments SET document = $document WHERE id = $id AND json_extract(document, '$.version') = $expected",
            ("$id", SqlitePaymentsDatabase.Id(paymentId)), ("$document", document), ("$expected", expectedVersion));

    private static Payment? Deserialize(string? document) =>
        document is null ? null : JsonSerializer.Deserialize(document, PaymentsDocumentJson.Default.Payment);
}
