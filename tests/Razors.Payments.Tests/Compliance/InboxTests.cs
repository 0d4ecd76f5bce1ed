using Razors.Payments.Domain;
using Razors.Payments.Ports;
using Razors.Payments.Tests.Backends;

namespace Razors.Payments.Tests.Compliance;

public abstract class when_a_handler_saves_the_effect_of_an_event(Implementation implementation) : PaymentStoreTest(implementation)
{
    private readonly Guid eventId = Guid.CreateVersion7();
    private readonly Payment payment = Samples.Payment();

    [Fact]
    public async Task the_inbox_holds_the_event_with_the_change()
    {
        Assert.False(await Store.HasHandledAsync(eventId, Ct));

        await SaveAsync(Samples.Creation(payment) with { HandledEventId = eventId });

        Assert.True(await Store.HasHandledAsync(eventId, Ct));
        Assert.Equal(new StoredCounts(1, 1, 1), await Backend.CountAsync(Ct));
    }

    [Fact]
    public async Task the_same_event_again_is_already_handled_and_writes_nothing()
    {
        await SaveAsync(Samples.Creation(payment) with { HandledEventId = eventId });

        var again = await Store.SaveAsync(Samples.Cancellation(payment) with { HandledEventId = eventId }, Ct);

        Assert.Equal(SaveResult.AlreadyHandled, again);
        Assert.Equal(payment, await Store.GetAsync(payment.PaymentId, Ct));
        Assert.Equal(new StoredCounts(1, 1, 1), await Backend.CountAsync(Ct));
    }

    [Fact]
    public async Task the_inbox_wins_over_a_version_conflict()
    {
        await SaveAsync(Samples.Creation(payment) with { HandledEventId = eventId });

        var duplicate = await Store.SaveAsync(Samples.Creation(payment) with { HandledEventId = eventId }, Ct);

        Assert.Equal(SaveResult.AlreadyHandled, duplicate);
    }

    public sealed class in_the_embedded_store() : when_a_handler_saves_the_effect_of_an_event(Implementation.Sqlite);

    public sealed class on_mongodb() : when_a_handler_saves_the_effect_of_an_event(Implementation.MongoDb);
}

public abstract class when_an_event_that_changes_nothing_is_marked_handled(Implementation implementation) : PaymentStoreTest(implementation)
{
    private readonly Guid eventId = Guid.CreateVersion7();

    [Fact]
    public async Task the_inbox_holds_it_and_marking_it_again_is_harmless()
    {
        await Store.MarkHandledAsync(eventId, Ct);
        await Store.MarkHandledAsync(eventId, Ct);

        Assert.True(await Store.HasHandledAsync(eventId, Ct));
        Assert.False(await Store.HasHandledAsync(Guid.CreateVersion7(), Ct));
        Assert.Equal(new StoredCounts(0, 0, 1), await Backend.CountAsync(Ct));
    }

    [Fact]
    public async Task a_later_save_for_that_event_is_already_handled()
    {
        await Store.MarkHandledAsync(eventId, Ct);

        var result = await Store.SaveAsync(Samples.Creation(Samples.Payment()) with { HandledEventId = eventId }, Ct);

        Assert.Equal(SaveResult.AlreadyHandled, result);
        Assert.Equal(new StoredCounts(0, 0, 1), await Backend.CountAsync(Ct));
    }

    public sealed class in_the_embedded_store() : when_an_event_that_changes_nothing_is_marked_handled(Implementation.Sqlite);

    public sealed class on_mongodb() : when_an_event_that_changes_nothing_is_marked_handled(Implementation.MongoDb);
}
