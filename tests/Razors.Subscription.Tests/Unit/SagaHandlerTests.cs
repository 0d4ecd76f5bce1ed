using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Razors.Contracts;
using Razors.Messaging.Outbox;
using Razors.Subscription.Domain;
using Razors.Subscription.Features.Saga;

namespace Razors.Subscription.Tests.Unit;

public abstract class SagaHandlerTest
{
    protected static readonly Guid Id = SequentialIds.Id(100);
    protected static readonly Guid PaymentId = SequentialIds.Id(200);

    private readonly SequentialIds ids = new();

    protected SagaHandlerTest()
    {
        var step = new SagaStep(Store, ids, Time);
        Stock = new StockAllocatedHandler(step);
        StockFailed = new StockAllocationFailedHandler(step);
        Payment = new PaymentCreatedHandler(step);
        PaymentCancelled = new PaymentCancelledHandler(step);
    }

    protected FakeTimeProvider Time { get; } = new(Samples.Now.AddMinutes(1));

    protected InMemorySubscriptionStore Store { get; } = new();

    protected StockAllocatedHandler Stock { get; }

    protected StockAllocationFailedHandler StockFailed { get; }

    protected PaymentCreatedHandler Payment { get; }

    protected PaymentCancelledHandler PaymentCancelled { get; }

    protected SubscriptionState Stored => Store.Subscriptions.Single();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static EventEnvelope<T> Envelope<T>(OutboxRecord record)
        where T : class =>
        (EventEnvelope<T>)JsonSerializer.Deserialize(record.Detail, EventTypes.Of<T>().EnvelopeTypeInfo)!;
}

public sealed class when_both_saga_events_are_handled : SagaHandlerTest
{
    [Fact]
    public async Task the_subscription_is_active_and_subscription_activated_is_stored_with_its_causes_metadata()
    {
        Store.Add(Samples.Pending(Id) with { CorrelationId = "checkout-42" });
        var payment = Incoming.PaymentCreated(Id, PaymentId);

        await Stock.HandleAsync(Incoming.StockAllocated(Id), Ct);
        await Payment.HandleAsync(payment, Ct);

        Assert.Equal((SubscriptionStatus.Active, 3L, (Guid?)PaymentId), (Stored.Status, Stored.Version, Stored.PaymentId));
        var activated = Envelope<SubscriptionActivated>(Assert.Single(Store.Outbox));
        Assert.Equal(new SubscriptionActivated { SubscriptionId = Id, PaymentId = PaymentId }, activated.Data);
        Assert.Equal(
            new EventMetadata
            {
                EventId = SequentialIds.Id(2), // Each step takes an id for what it may raise: 1 went unused.
                EventType = "razors.subscription.activated.v1",
                OccurredAt = Time.GetUtcNow(),
                CorrelationId = "checkout-42",
                CausationId = payment.Metadata.EventId.ToString("D"),
                Traceparent = Incoming.Traceparent,
                AggregateId = Id.ToString("D"),
                AggregateVersion = 3,
            },
            activated.Metadata);
        Assert.Equal(new TimelineEntry(Time.GetUtcNow(), "SubscriptionActivated", SequentialIds.Id(2)), Stored.Timeline[^1]);
    }

    [Fact]
    public async Task each_event_leaves_its_inbox_marker()
    {
        Store.Add(Samples.Pending(Id));
        await Stock.HandleAsync(Incoming.StockAllocated(Id, eventId: SequentialIds.Id(301)), Ct);
        await Payment.HandleAsync(Incoming.PaymentCreated(Id, PaymentId, eventId: SequentialIds.Id(302)), Ct);

        Assert.Equal([SequentialIds.Id(301), SequentialIds.Id(302)], Store.Inbox.Order());
    }
}

public sealed class when_a_saga_event_is_delivered_again : SagaHandlerTest
{
    [Fact]
    public async Task the_second_delivery_writes_nothing()
    {
        Store.Add(Samples.Pending(Id));
        var stock = Incoming.StockAllocated(Id);
        await Stock.HandleAsync(stock, Ct);
        var saves = Store.Saves;
        var state = Stored;

        await Stock.HandleAsync(stock, Ct);

        Assert.Equal((saves, state), (Store.Saves, Stored));
        Assert.Single(Store.Inbox);
    }

    [Fact]
    public async Task a_cancelling_event_delivered_again_raises_one_subscription_cancelled()
    {
        Store.Add(Samples.Pending(Id));
        var failed = Incoming.StockAllocationFailed(Id);

        await StockFailed.HandleAsync(failed, Ct);
        await StockFailed.HandleAsync(failed, Ct);

        Assert.Equal(SubscriptionStatus.Cancelled, Stored.Status);
        var cancelled = Envelope<SubscriptionCancelled>(Assert.Single(Store.Outbox));
        Assert.Equal(("StockUnavailable", failed.Metadata.EventId.ToString("D")), (cancelled.Data.Reason, cancelled.Metadata.CausationId));
    }
}

public sealed class when_a_saga_event_arrives_after_the_customer_cancelled : SagaHandlerTest
{
    [Fact]
    public async Task only_its_inbox_marker_is_written()
    {
        var cancelled = Samples.Pending(Id, version: 2) with { Status = SubscriptionStatus.Cancelled, CancellationReason = "CustomerRequested" };
        Store.Add(cancelled);
        var stock = Incoming.StockAllocated(Id);

        await Stock.HandleAsync(stock, Ct);

        Assert.Equal(cancelled, Stored);
        Assert.Equal(0, Store.Saves);
        Assert.Equal([stock.Metadata.EventId], Store.Inbox);
    }
}

public sealed class when_the_payment_is_cancelled_before_payment_created_arrives : SagaHandlerTest
{
    [Fact]
    public async Task the_subscription_is_cancelled_and_the_late_payment_created_changes_nothing()
    {
        Store.Add(Samples.Pending(Id));

        await PaymentCancelled.HandleAsync(Incoming.PaymentCancelled(Id, PaymentId), Ct);
        var cancelled = Stored;
        await Payment.HandleAsync(Incoming.PaymentCreated(Id, PaymentId), Ct);

        Assert.Equal((SubscriptionStatus.Cancelled, "PaymentCancelled", (Guid?)PaymentId), (cancelled.Status, cancelled.CancellationReason, cancelled.PaymentId));
        Assert.Equal(cancelled, Stored);
        Assert.Equal("PaymentCancelled", Envelope<SubscriptionCancelled>(Assert.Single(Store.Outbox)).Data.Reason);
        Assert.Equal(2, Store.Inbox.Count);
    }
}

public sealed class when_a_saga_event_names_an_unknown_subscription : SagaHandlerTest
{
    [Fact]
    public async Task it_throws_so_the_queue_retries_then_dead_letters_it_and_nothing_is_written()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Stock.HandleAsync(Incoming.StockAllocated(Id), Ct));

        Assert.Contains(Id.ToString("D"), error.Message, StringComparison.Ordinal);
        Assert.Empty(Store.Inbox);
        Assert.Empty(Store.Outbox);
    }
}

public sealed class when_another_writer_changes_the_subscription_during_a_saga_step : SagaHandlerTest
{
    [Fact]
    public async Task a_lost_race_is_decided_again_on_the_fresh_state()
    {
        Store.Add(Samples.Pending(Id));
        Store.RivalWrites = SagaStep.MaxAttempts - 1;

        await Stock.HandleAsync(Incoming.StockAllocated(Id), Ct);

        // Created at 1; the rival moved it on after each of the first two loads; the third attempt wrote.
        Assert.Equal((true, 1L + SagaStep.MaxAttempts), (Stored.StockAllocated, Stored.Version));
        Assert.Single(Store.Inbox);
    }

    [Fact]
    public async Task losing_every_attempt_throws_for_the_queue_to_retry_and_nothing_is_written()
    {
        Store.Add(Samples.Pending(Id));
        Store.RivalWrites = SagaStep.MaxAttempts;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Stock.HandleAsync(Incoming.StockAllocated(Id), Ct));

        Assert.Equal(0, Store.Saves);
        Assert.Empty(Store.Inbox);
        Assert.False(Stored.StockAllocated);
    }
}
