using Microsoft.Extensions.Time.Testing;
using Razors.Messaging;
using Razors.Subscription.Domain;
using Razors.Subscription.Features.Saga;
using Razors.Subscription.Ports;
using Razors.Subscription.Tests.Store;
using Razors.Subscription.Tests.Unit;
using Razors.Testing;

namespace Razors.Subscription.Tests.Saga;

/// <summary>The saga handlers over the DynamoDB store, on a subscription created as the API creates it.</summary>
public abstract class SagaOverDynamoDbTest(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    protected Guid PaymentId { get; } = Guid.CreateVersion7();

    protected FakeTimeProvider Time { get; } = new(Samples.Now.AddMinutes(1));

    protected SagaStep Step(ISubscriptionStore store) => new(store, new Version7IdGenerator(), Time);

    protected async Task<SubscriptionState> CreatedAsync()
    {
        var created = Samples.Pending(Id);
        Assert.Equal(SaveResult.Saved, await Store.SaveAsync(Creation(created), Ct));
        return created;
    }

    protected async Task<List<string>> OutboxDetailTypesAsync() =>
        (await ScanAsync()).OfKind("outbox").Select(i => i["detailType"].S).Order().ToList();
}

public sealed class when_a_saga_event_is_redelivered_over_dynamodb(DynamoDbLocalFixture dynamo) : SagaOverDynamoDbTest(dynamo)
{
    [Fact]
    public async Task the_inbox_marker_makes_the_redelivery_a_no_op()
    {
        await CreatedAsync();
        var handler = new PaymentCreatedHandler(Step(Store));
        var payment = Incoming.PaymentCreated(Id, PaymentId);
        await handler.HandleAsync(payment, Ct);
        var before = await ScanAsync();

        Time.Advance(TimeSpan.FromMinutes(5));
        await handler.HandleAsync(payment, Ct);

        var after = await ScanAsync();
        Assert.Equal(before.Count, after.Count);
        var state = await Store.GetAsync(Id, Ct);
        Assert.Equal((2L, 2), (state!.Version, state.Timeline.Count));
        Assert.Single(after.OfKind("inbox"));
    }

    [Fact]
    public async Task a_cancelling_event_redelivered_after_activation_raises_nothing_more()
    {
        await CreatedAsync();
        var step = Step(Store);
        var cancelled = Incoming.PaymentCancelled(Id, PaymentId);
        await new StockAllocatedHandler(step).HandleAsync(Incoming.StockAllocated(Id), Ct);
        await new PaymentCreatedHandler(step).HandleAsync(Incoming.PaymentCreated(Id, PaymentId), Ct);
        await new PaymentCancelledHandler(step).HandleAsync(cancelled, Ct);

        await new PaymentCancelledHandler(step).HandleAsync(cancelled, Ct);

        Assert.Equal(["SubscriptionActivated", "SubscriptionCancelled", "SubscriptionCreated"], await OutboxDetailTypesAsync());
        var state = await Store.GetAsync(Id, Ct);
        Assert.Equal((SubscriptionStatus.Cancelled, 4L), (state!.Status, state.Version));
    }
}

public sealed class when_stock_and_payment_are_handled_at_the_same_time(DynamoDbLocalFixture dynamo) : SagaOverDynamoDbTest(dynamo)
{
    [Fact]
    public async Task both_land_and_the_subscription_is_activated_exactly_once()
    {
        await CreatedAsync();

        // Both handlers load version 1 before either writes, so one of them must lose the race.
        var store = new LoadsTogether(Store, loads: 2);
        var step = Step(store);
        var stock = Incoming.StockAllocated(Id);
        var payment = Incoming.PaymentCreated(Id, PaymentId);

        await Task.WhenAll(
            Task.Run(() => new StockAllocatedHandler(step).HandleAsync(stock, Ct), Ct),
            Task.Run(() => new PaymentCreatedHandler(step).HandleAsync(payment, Ct), Ct));

        var state = await Store.GetAsync(Id, Ct);
        Assert.Equal((SubscriptionStatus.Active, 3L, (Guid?)PaymentId), (state!.Status, state.Version, state.PaymentId));
        Assert.Equal(["SubscriptionActivated", "SubscriptionCreated"], await OutboxDetailTypesAsync());
        Assert.Equal(
            new[] { stock.Metadata.EventId, payment.Metadata.EventId }.Order(),
            state.Timeline.Where(e => e.EventType is "StockAllocated" or "PaymentCreated").Select(e => e.EventId).Order());
        Assert.Equal("SubscriptionActivated", state.Timeline[^1].EventType);
        Assert.Equal(2, (await ScanAsync()).OfKind("inbox").Count());
        Assert.True(store.Loads > 2, "One of the handlers should have lost the race and loaded again.");
    }

    /// <summary>Holds the first <c>loads</c> loads until all of them have read, then lets them go.</summary>
    private sealed class LoadsTogether(ISubscriptionStore inner, int loads) : ISubscriptionStore
    {
        private readonly TaskCompletionSource allLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int count;

        public int Loads => Volatile.Read(ref count);

        public async Task<SubscriptionState?> GetAsync(Guid id, CancellationToken cancellationToken)
        {
            var state = await inner.GetAsync(id, cancellationToken);
            var n = Interlocked.Increment(ref count);
            if (n == loads)
            {
                allLoaded.SetResult();
            }

            if (n <= loads)
            {
                await allLoaded.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            return state;
        }

        public Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string key, CancellationToken cancellationToken) =>
            inner.GetIdempotencyRecordAsync(key, cancellationToken);

        public Task<SaveResult> SaveAsync(SubscriptionChange change, CancellationToken cancellationToken) =>
            inner.SaveAsync(change, cancellationToken);

        public Task<SaveResult> MarkHandledAsync(HandledEvent handled, CancellationToken cancellationToken) =>
            inner.MarkHandledAsync(handled, cancellationToken);

        public IAsyncEnumerable<Guid> PendingCreatedBeforeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken) =>
            inner.PendingCreatedBeforeAsync(createdBefore, cancellationToken);
    }
}
