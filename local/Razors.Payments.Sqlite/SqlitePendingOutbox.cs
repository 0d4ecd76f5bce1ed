using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Razors.Payments.Ports;
using Razors.Sqlite;

namespace Razors.Payments.Sqlite;

/// <summary>
/// <see cref="IPendingOutbox"/> in the embedded database: a pending row has no expiry; settling it
/// sets the time and the expiry in one update. Each settle also removes what has expired, as
/// MongoDB's TTL index does, and trims the change log's history through the removed rows.
/// </summary>
public sealed class SqlitePendingOutbox(SqlitePaymentsDatabase database, TimeProvider time) : IPendingOutbox
{
    private const int BatchSize = 100;

    public async IAsyncEnumerable<OutboxDocument> PendingAsync(DateTimeOffset? committedBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0L;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = database.Read(c => PendingAfter(c, after));
            foreach (var (sequence, document) in batch)
            {
                after = sequence;

                // The commit time is the record's occurredAt; an unreadable document has none and is always due.
                if (committedBefore is null || document.Record is null || document.Record.OccurredAt < committedBefore)
                {
                    yield return document;
                }
            }

            if (batch.Count < BatchSize)
            {
                yield break;
            }

            await Task.Yield();
        }
    }

    public Task MarkSentAsync(string documentId, CancellationToken cancellationToken) => SettleAsync(documentId, "sent_at", cancellationToken);

    public Task MarkDeadLetteredAsync(string documentId, CancellationToken cancellationToken) => SettleAsync(documentId, "dead_lettered_at", cancellationToken);

    private Task SettleAsync(string documentId, string settledColumn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        database.Write((c, t) =>
        {
            c.Execute(t, $"UPDATE outbox SET {settledColumn} = $now, expires_at = $expiresAt WHERE id = $id AND expires_at IS NULL",
                ("$id", documentId), ("$now", SqlitePaymentsDatabase.Instant(now)), ("$expiresAt", SqlitePaymentsDatabase.Instant(now + IPendingOutbox.Retention)));
            var expired = c.Scalar<long>(t, "SELECT IFNULL(MAX(sequence), 0) FROM outbox WHERE expires_at <= $now", ("$now", SqlitePaymentsDatabase.Instant(now)));
            if (expired > 0)
            {
                c.Execute(t, "DELETE FROM outbox WHERE expires_at <= $now", ("$now", SqlitePaymentsDatabase.Instant(now)));
                SqlitePaymentsDatabase.TrimHistory(c, t, expired);
            }

            return 0;
        });
        return Task.CompletedTask;
    }

    private static List<(long Sequence, OutboxDocument Document)> PendingAfter(SqliteConnection connection, long after)
    {
        using var command = connection.Command(null,
            "SELECT sequence, id, document FROM outbox WHERE expires_at IS NULL AND sequence > $after ORDER BY sequence LIMIT $limit",
            ("$after", after), ("$limit", BatchSize));
        using var reader = command.ExecuteReader();
        var documents = new List<(long, OutboxDocument)>();
        while (reader.Read())
        {
            documents.Add((reader.GetInt64(0), StoredOutbox.Read(reader.GetString(1), reader.GetString(2))));
        }

        return documents;
    }
}

/// <summary>How an outbox row's document is read: the record, or why it is not one.</summary>
internal static class StoredOutbox
{
    public static OutboxDocument Read(string id, string stored)
    {
        string problem;
        try
        {
            if (JsonSerializer.Deserialize(stored, PaymentsDocumentJson.Default.OutboxRecord) is { } record
                && record.EventId != Guid.Empty && !string.IsNullOrEmpty(record.Source) && !string.IsNullOrEmpty(record.DetailType)
                && !string.IsNullOrEmpty(record.Detail) && !string.IsNullOrEmpty(record.AggregateId))
            {
                return OutboxDocument.Of(record);
            }

            problem = "the document lacks eventId, source, detailType, detail or aggregateId";
        }
        catch (JsonException e)
        {
            problem = e.Message;
        }

        return new OutboxDocument(id, GroupOf(stored) ?? id, null) { Unreadable = problem, Stored = stored };
    }

    private static string? GroupOf(string stored)
    {
        try
        {
            return JsonNode.Parse(stored) is JsonObject document && document["aggregateId"] is JsonValue value && value.TryGetValue<string>(out var group)
                ? group
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
