using Razors.Payments.Domain;
using Razors.Payments.Ports;
using Razors.Payments.Tests.Backends;

namespace Razors.Payments.Tests.Compliance;

public abstract class when_a_new_payment_is_saved(Implementation implementation) : PaymentStoreTest(implementation)
{
    private readonly Payment payment = Samples.Payment();

    [Fact]
    public async Task it_reads_back_exactly_as_saved_by_id_and_by_subscription()
    {
        await SaveAsync(Samples.Creation(payment));

        Assert.Equal(payment, await Store.GetAsync(payment.PaymentId, Ct));
        Assert.Equal(payment, await Store.FindBySubscriptionAsync(payment.SubscriptionId, Ct));
    }

    [Fact]
    public async Task a_cancelled_payment_reads_back_with_its_cancellation()
    {
        await SaveAsync(Samples.Creation(payment));
        var cancellation = Samples.Cancellation(payment);

        await SaveAsync(cancellation);

        var stored = await Store.GetAsync(payment.PaymentId, Ct);
        Assert.Equal(cancellation.After, stored);
        Assert.Equal(PaymentStatus.Cancelled, stored!.Status);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task unknown_ids_find_nothing()
    {
        await SaveAsync(Samples.Creation(payment));

        Assert.Null(await Store.GetAsync(Guid.CreateVersion7(), Ct));
        Assert.Null(await Store.FindBySubscriptionAsync(Guid.CreateVersion7(), Ct));
    }

    [Fact]
    public async Task the_payment_and_its_outbox_record_are_stored_and_no_inbox_marker()
    {
        await SaveAsync(Samples.Creation(payment));

        Assert.Equal(new StoredCounts(1, 1, 0), await Backend.CountAsync(Ct));
    }

    public sealed class in_the_embedded_store() : when_a_new_payment_is_saved(Implementation.Sqlite);

    public sealed class on_mongodb() : when_a_new_payment_is_saved(Implementation.MongoDb);
}

public abstract class when_a_payment_is_saved_at_a_stale_version(Implementation implementation) : PaymentStoreTest(implementation)
{
    private readonly Payment payment = Samples.Payment();

    [Fact]
    public async Task it_is_a_version_conflict_and_writes_nothing()
    {
        await SaveAsync(Samples.Creation(payment));
        var first = Samples.Cancellation(payment);
        await SaveAsync(first);
        var before = await Backend.CountAsync(Ct);

        var result = await Store.SaveAsync(Samples.Cancellation(payment) with { HandledEventId = Guid.CreateVersion7() }, Ct);

        Assert.Equal(SaveResult.Conflict, result);
        Assert.Equal(first.After, await Store.GetAsync(payment.PaymentId, Ct));
        Assert.Equal(before, await Backend.CountAsync(Ct));
    }

    [Fact]
    public async Task creating_a_payment_id_that_exists_is_a_version_conflict()
    {
        await SaveAsync(Samples.Creation(payment));

        var result = await Store.SaveAsync(Samples.Creation(payment with { SubscriptionId = Guid.CreateVersion7() }), Ct);

        Assert.Equal(SaveResult.Conflict, result);
        Assert.Equal(payment, await Store.GetAsync(payment.PaymentId, Ct));
        Assert.Equal(new StoredCounts(1, 1, 0), await Backend.CountAsync(Ct));
    }

    [Fact]
    public async Task replacing_a_payment_that_does_not_exist_is_a_version_conflict()
    {
        var result = await Store.SaveAsync(Samples.Cancellation(payment), Ct);

        Assert.Equal(SaveResult.Conflict, result);
        Assert.Equal(new StoredCounts(0, 0, 0), await Backend.CountAsync(Ct));
    }

    public sealed class in_the_embedded_store() : when_a_payment_is_saved_at_a_stale_version(Implementation.Sqlite);

    public sealed class on_mongodb() : when_a_payment_is_saved_at_a_stale_version(Implementation.MongoDb);
}

public abstract class when_a_second_payment_is_saved_for_a_subscription(Implementation implementation) : PaymentStoreTest(implementation)
{
    private readonly Payment first = Samples.Payment();

    [Fact]
    public async Task it_is_rejected_and_the_first_payment_stays_the_subscriptions_payment()
    {
        await SaveAsync(Samples.Creation(first));
        var second = Samples.Payment(first.SubscriptionId);

        var result = await Store.SaveAsync(Samples.Creation(second), Ct);

        Assert.Equal(SaveResult.Conflict, result);
        Assert.Null(await Store.GetAsync(second.PaymentId, Ct));
        Assert.Equal(first, await Store.FindBySubscriptionAsync(first.SubscriptionId, Ct));
        Assert.Equal(new StoredCounts(1, 1, 0), await Backend.CountAsync(Ct));
    }

    [Fact]
    public async Task moving_another_payment_onto_that_subscription_is_rejected()
    {
        await SaveAsync(Samples.Creation(first));
        var other = Samples.Payment();
        await SaveAsync(Samples.Creation(other));
        var cancellation = Samples.Cancellation(other);

        var result = await Store.SaveAsync(cancellation with { After = cancellation.After with { SubscriptionId = first.SubscriptionId } }, Ct);

        Assert.Equal(SaveResult.Conflict, result);
        Assert.Equal(other, await Store.GetAsync(other.PaymentId, Ct));
        Assert.Equal(new StoredCounts(2, 2, 0), await Backend.CountAsync(Ct));
    }

    public sealed class in_the_embedded_store() : when_a_second_payment_is_saved_for_a_subscription(Implementation.Sqlite);

    public sealed class on_mongodb() : when_a_second_payment_is_saved_for_a_subscription(Implementation.MongoDb);
}
