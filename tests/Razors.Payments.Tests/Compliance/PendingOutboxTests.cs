using Razors.Payments.Ports;
using Razors.Payments.Tests.Backends;

namespace Razors.Payments.Tests.Compliance;

public abstract class when_outbox_records_are_committed_and_sent(Implementation implementation) : PaymentStoreTest(implementation)
{
    [Fact]
    public async Task they_are_pending_in_commit_order_until_marked_sent()
    {
        var first = Samples.Payment();
        var creation = Samples.Creation(first);
        var other = Samples.Creation(Samples.Payment());
        var cancellation = Samples.Cancellation(first);
        await SaveAsync(creation);
        await SaveAsync(other);
        await SaveAsync(cancellation);
        Assert.Equal(EventIds(creation, other, cancellation), await PendingAsync(null));

        await Backend.Pending.MarkSentAsync(Id(other), Ct);

        Assert.Equal(EventIds(creation, cancellation), await PendingAsync(null));
        Assert.Equal(EventIds(creation, other, cancellation), EventIds(await TakeAsync(3, resumeAfter: null)));
    }

    [Fact]
    public async Task a_dead_lettered_one_leaves_the_pending_set_too_and_settling_again_or_an_unknown_id_changes_nothing()
    {
        var creation = Samples.Creation(Samples.Payment());
        var next = Samples.Creation(Samples.Payment());
        await SaveAsync(creation);
        await SaveAsync(next);

        await Backend.Pending.MarkDeadLetteredAsync(Id(creation), Ct);
        await Backend.Pending.MarkSentAsync(Id(creation), Ct);
        await Backend.Pending.MarkSentAsync(Guid.CreateVersion7().ToString("D"), Ct);

        Assert.Equal(EventIds(next), await PendingAsync(null));
        Assert.Equal(new StoredCounts(2, 2, 0), await Backend.CountAsync(Ct));
    }

    [Fact]
    public async Task only_those_committed_before_the_grace_period_are_due()
    {
        var old = Samples.Payment();
        var oldCreation = Samples.Creation(old) with { Outbox = [Samples.Created(old) with { OccurredAt = Samples.Now.AddMinutes(-10) }] };
        var recent = Samples.Creation(Samples.Payment());
        await SaveAsync(oldCreation);
        await SaveAsync(recent);

        Assert.Equal(EventIds(oldCreation), await PendingAsync(Samples.Now.AddMinutes(-5)));
    }

    [Fact]
    public async Task an_unreadable_document_is_pending_and_on_the_stream_with_its_stored_text_and_payment()
    {
        var id = await Backend.InsertUnreadableAsync("payment-7", Ct);

        var change = (await TakeAsync(1, resumeAfter: null)).Single().Document;
        var pending = Assert.Single(await Pending(Samples.Now));

        foreach (var document in new[] { change, pending })
        {
            Assert.Null(document.Record);
            Assert.Equal((id, "payment-7"), (document.Id, document.GroupId));
            Assert.False(string.IsNullOrEmpty(document.Unreadable));
            Assert.Contains("payment-7", document.Stored, StringComparison.Ordinal);
        }

        await Backend.Pending.MarkDeadLetteredAsync(id, Ct);
        Assert.Empty(await Pending(null));
    }

    private async Task<List<OutboxDocument>> Pending(DateTimeOffset? committedBefore)
    {
        var documents = new List<OutboxDocument>();
        await foreach (var document in Backend.Pending.PendingAsync(committedBefore, Ct))
        {
            documents.Add(document);
        }

        return documents;
    }

    private async Task<Guid[]> PendingAsync(DateTimeOffset? committedBefore) => [.. (await Pending(committedBefore)).Select(d => d.Record!.EventId)];

    private static string Id(Ports.PaymentChange change) => change.Outbox.Single().EventId.ToString("D");

    public sealed class in_the_embedded_store() : when_outbox_records_are_committed_and_sent(Implementation.Sqlite);

    public sealed class on_mongodb() : when_outbox_records_are_committed_and_sent(Implementation.MongoDb);
}

public abstract class when_the_stream_history_no_longer_holds_the_start(Implementation implementation) : PaymentStoreTest(implementation)
{
    [Fact]
    public async Task a_watcher_starting_there_gets_history_lost_and_a_token_for_now_sees_only_later_changes()
    {
        var before = Samples.Creation(Samples.Payment());
        await SaveAsync(before);
        await Backend.LoseHistoryAsync(Ct);

        await Assert.ThrowsAsync<OutboxHistoryLostException>(() => TakeAsync(1, resumeAfter: null));

        var now = await Backend.Changes.CurrentTokenAsync(Ct);
        var after = Samples.Creation(Samples.Payment());
        await SaveAsync(after);
        Assert.Equal(EventIds(after), EventIds(await TakeAsync(1, now)));
    }

    public sealed class in_the_embedded_store() : when_the_stream_history_no_longer_holds_the_start(Implementation.Sqlite);

    public sealed class on_mongodb() : when_the_stream_history_no_longer_holds_the_start(Implementation.MongoDb);
}
