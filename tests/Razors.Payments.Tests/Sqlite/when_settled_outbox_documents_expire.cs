using Razors.Payments.Ports;
using Razors.Payments.Tests.Backends;

namespace Razors.Payments.Tests.Sqlite;

public sealed class when_settled_outbox_documents_expire : IAsyncDisposable
{
    private readonly SqliteBackend backend = SqliteBackend.Open(dataDirectory: null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_sent_document_is_removed_after_the_retention_and_the_change_log_history_starts_after_it_while_a_pending_one_stays()
    {
        var sent = Samples.Creation(Samples.Payment());
        var pending = Samples.Creation(Samples.Payment());
        var later = Samples.Creation(Samples.Payment());
        await backend.Store.SaveAsync(sent, Ct);
        await backend.Store.SaveAsync(pending, Ct);
        await backend.Pending.MarkSentAsync(sent.Outbox.Single().EventId.ToString("D"), Ct);
        await backend.Store.SaveAsync(later, Ct);
        var first = (await Watcher.TakeAsync(backend.Changes, 1, null, Ct)).Single();

        backend.Clock.Advance(IPendingOutbox.Retention + TimeSpan.FromSeconds(1));
        await backend.Pending.MarkSentAsync(later.Outbox.Single().EventId.ToString("D"), Ct);

        Assert.Equal(new StoredCounts(3, 2, 0), await backend.CountAsync(Ct));
        await Assert.ThrowsAsync<OutboxHistoryLostException>(() => Watcher.TakeAsync(backend.Changes, 1, null, Ct));
        Assert.Equal(
            [pending.Outbox.Single().EventId, later.Outbox.Single().EventId],
            (await Watcher.TakeAsync(backend.Changes, 2, first.ResumeToken, Ct)).Select(c => c.Document.Record!.EventId));
        var stillPending = new List<Guid>();
        await foreach (var document in backend.Pending.PendingAsync(null, Ct))
        {
            stillPending.Add(document.Record!.EventId);
        }

        Assert.Equal([pending.Outbox.Single().EventId], stillPending);
    }

    public ValueTask DisposeAsync() => backend.DisposeAsync();
}
