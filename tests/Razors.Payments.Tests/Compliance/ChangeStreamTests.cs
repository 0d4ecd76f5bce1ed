using Razors.Payments.Ports;
using Razors.Payments.Tests.Backends;

namespace Razors.Payments.Tests.Compliance;

public abstract class when_changes_are_committed(Implementation implementation) : PaymentStoreTest(implementation)
{
    [Fact]
    public async Task the_stream_yields_their_outbox_records_in_commit_order()
    {
        var first = Samples.Payment();
        var second = Samples.Payment();
        var creation = Samples.Creation(first);
        var twoRecords = Samples.Creation(second) with { Outbox = [Samples.Created(second), Samples.Cancelled(second)] };
        var cancellation = Samples.Cancellation(first);
        await SaveAsync(creation);
        await SaveAsync(twoRecords);
        await SaveAsync(cancellation);

        var changes = await TakeAsync(4, resumeAfter: null);

        Assert.Equal(Records(creation, twoRecords, cancellation), changes.Select(c => c.Document.Record));
        Assert.Equal(4, changes.Select(c => c.ResumeToken).Distinct().Count());
    }

    [Fact]
    public async Task concurrent_saves_each_appear_once()
    {
        var creations = Enumerable.Range(0, 8).Select(_ => Samples.Creation(Samples.Payment())).ToArray();

        await Task.WhenAll(creations.Select(c => Task.Run(() => SaveAsync(c), Ct)));

        var changes = await TakeAsync(creations.Length, resumeAfter: null);
        Assert.Equal(EventIds(creations).Order(), EventIds(changes).Order());
    }

    public sealed class in_the_embedded_store() : when_changes_are_committed(Implementation.Sqlite);

    public sealed class on_mongodb() : when_changes_are_committed(Implementation.MongoDb);
}

public abstract class when_a_watcher_resumes_after_a_token(Implementation implementation) : PaymentStoreTest(implementation)
{
    [Fact]
    public async Task it_yields_what_followed_that_change_without_repeating_or_skipping()
    {
        var changes = new[] { Samples.Creation(Samples.Payment()), Samples.Creation(Samples.Payment()), Samples.Creation(Samples.Payment()) };
        foreach (var change in changes)
        {
            await SaveAsync(change);
        }

        var all = await TakeAsync(3, resumeAfter: null);
        var resumed = await TakeAsync(2, all[0].ResumeToken);

        Assert.Equal(EventIds(changes[1], changes[2]), EventIds(resumed));
        Assert.Equal([all[1].ResumeToken, all[2].ResumeToken], resumed.Select(c => c.ResumeToken));
    }

    [Fact]
    public async Task after_the_last_token_it_yields_only_later_changes()
    {
        var earlier = Samples.Creation(Samples.Payment());
        await SaveAsync(earlier);
        var last = (await TakeAsync(1, resumeAfter: null)).Single();
        var later = Samples.Creation(Samples.Payment());
        await SaveAsync(later);

        var resumed = await TakeAsync(1, last.ResumeToken);

        Assert.Equal(EventIds(later), EventIds(resumed));
    }

    [Fact]
    public async Task a_token_the_stream_did_not_hand_out_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => TakeAsync(1, "not a resume token"));
    }

    public sealed class in_the_embedded_store() : when_a_watcher_resumes_after_a_token(Implementation.Sqlite);

    public sealed class on_mongodb() : when_a_watcher_resumes_after_a_token(Implementation.MongoDb);
}

public abstract class when_a_save_is_rolled_back(Implementation implementation) : PaymentStoreTest(implementation)
{
    [Fact]
    public async Task its_outbox_records_never_appear_on_the_stream()
    {
        var payment = Samples.Payment();
        var handledEvent = Guid.CreateVersion7();
        var creation = Samples.Creation(payment) with { HandledEventId = handledEvent };
        await SaveAsync(creation);
        Assert.Equal(SaveResult.Conflict, await Store.SaveAsync(Samples.Creation(Samples.Payment(payment.SubscriptionId)), Ct));
        Assert.Equal(SaveResult.AlreadyHandled, await Store.SaveAsync(Samples.Cancellation(payment) with { HandledEventId = handledEvent }, Ct));
        var next = Samples.Creation(Samples.Payment());
        await SaveAsync(next);

        var changes = await TakeAsync(2, resumeAfter: null);

        Assert.Equal(EventIds(creation, next), EventIds(changes));
    }

    [Fact]
    public async Task a_save_that_fails_part_way_writes_nothing()
    {
        var first = Samples.Creation(Samples.Payment());
        await SaveAsync(first);
        var payment = Samples.Payment();

        // The outbox's key is the event id: a repeated one fails the last write of the transaction.
        await Assert.ThrowsAnyAsync<Exception>(() => Store.SaveAsync(new PaymentChange(payment, 0, [Samples.Created(payment), first.Outbox[0]]), Ct));

        Assert.Null(await Store.GetAsync(payment.PaymentId, Ct));
        Assert.Equal(new StoredCounts(1, 1, 0), await Backend.CountAsync(Ct));
    }

    public sealed class in_the_embedded_store() : when_a_save_is_rolled_back(Implementation.Sqlite);

    public sealed class on_mongodb() : when_a_save_is_rolled_back(Implementation.MongoDb);
}

public abstract class when_a_watcher_is_waiting_before_a_save(Implementation implementation) : PaymentStoreTest(implementation)
{
    [Fact]
    public async Task it_receives_the_saved_change()
    {
        var watching = TakeAsync(1, resumeAfter: null);
        Assert.False(watching.IsCompleted);
        var creation = Samples.Creation(Samples.Payment());

        await SaveAsync(creation);

        Assert.Equal(EventIds(creation), EventIds(await watching));
    }

    [Fact]
    public async Task a_watcher_resuming_at_the_end_receives_the_next_save()
    {
        await SaveAsync(Samples.Creation(Samples.Payment()));
        var end = (await TakeAsync(1, resumeAfter: null)).Single().ResumeToken;
        var watching = TakeAsync(1, end);
        var creation = Samples.Creation(Samples.Payment());

        await SaveAsync(creation);

        Assert.Equal(EventIds(creation), EventIds(await watching));
    }

    public sealed class in_the_embedded_store() : when_a_watcher_is_waiting_before_a_save(Implementation.Sqlite);

    public sealed class on_mongodb() : when_a_watcher_is_waiting_before_a_save(Implementation.MongoDb);
}
