using System.Text.Json;
using Microsoft.Data.Sqlite;
using Razors.Payments.Sqlite;
using Razors.Payments.Tests.Backends;
using Razors.Sqlite;

namespace Razors.Payments.Tests.Sqlite;

public sealed class when_a_file_from_before_the_pending_set_is_opened : IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("razors-payments-old-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task what_its_worker_had_sent_is_settled_and_only_the_rest_is_pending()
    {
        var records = Enumerable.Range(0, 3).Select(_ => Samples.Created(Samples.Payment())).ToArray();
        using (var old = SqliteDatabase.Open(dataDirectory, SqlitePaymentsDatabase.FileName))
        {
            // The outbox and resume tokens as they were laid out before the settled columns.
            old.EnsureSchema("""
                CREATE TABLE outbox (sequence INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, document TEXT NOT NULL) STRICT;
                CREATE TABLE resume_tokens (consumer TEXT PRIMARY KEY, token TEXT NOT NULL) STRICT, WITHOUT ROWID;
                """);
            old.Write((c, t) =>
            {
                foreach (var record in records)
                {
                    c.Execute(t, "INSERT INTO outbox (id, document) VALUES ($id, $document)",
                        ("$id", record.EventId.ToString("D")), ("$document", JsonSerializer.Serialize(record, PaymentsDocumentJson.Default.OutboxRecord)));
                }

                return c.Execute(t, "INSERT INTO resume_tokens (consumer, token) VALUES ('worker', $token)", ("$token", OutboxSequenceToken.Format(2)));
            });
        }

        SqliteConnection.ClearAllPools();
        await using var opened = SqliteBackend.Open(dataDirectory);
        var pending = new List<Guid>();
        await foreach (var document in opened.Pending.PendingAsync(null, Ct))
        {
            pending.Add(document.Record!.EventId);
        }

        Assert.Equal([records[2].EventId], pending);
        Assert.Equal(records.Select(r => r.EventId), (await Watcher.TakeAsync(opened.Changes, 3, null, Ct)).Select(c => c.Document.Record!.EventId));
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);
}
