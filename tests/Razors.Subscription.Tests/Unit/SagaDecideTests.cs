using Razors.Contracts;
using Razors.Subscription.Domain;
using Razors.Subscription.Features.Saga;

namespace Razors.Subscription.Tests.Unit;

/// <summary>Saga events and states to decide on; the ids name what they are.</summary>
public static class Saga
{
    public static readonly Guid SubscriptionId = SequentialIds.Id(1);
    public static readonly Guid PaymentId = SequentialIds.Id(50);
    public static readonly Guid RaisedEventId = SequentialIds.Id(99);
    public static readonly DateTimeOffset Later = Samples.Now.AddMinutes(1);

    public static SagaEvent.StockAllocated StockAllocated(int n = 10) => new(SequentialIds.Id(n));

    public static SagaEvent.StockAllocationFailed StockAllocationFailed(int n = 11) =>
        new(SequentialIds.Id(n), "2 units of razor-classic on hand, 24 asked for");

    public static SagaEvent.PaymentCreated PaymentCreated(int n = 12) => new(SequentialIds.Id(n), PaymentId);

    public static SagaEvent.PaymentCancelled PaymentCancelled(int n = 13) => new(SequentialIds.Id(n), PaymentId, "CustomerRequested");

    public static SubscriptionState Pending => Samples.Pending(SubscriptionId);

    /// <summary>The state after <paramref name="events"/> were decided on, one after the other, each at <see cref="Later"/>.</summary>
    public static SubscriptionState After(params SagaEvent[] events) =>
        events.Aggregate(Pending, (state, e) => SagaDecider.Decide(state, e, Later, SequentialIds.Id(200 + (int)state.Version)) switch
        {
            SagaDecision.Advance advance => advance.After,
            SagaDecision.Activate activate => activate.After,
            SagaDecision.Cancel cancel => cancel.After,
            _ => state,
        });

    public static SagaDecision Decide(SubscriptionState state, SagaEvent received) =>
        SagaDecider.Decide(state, received, Later, RaisedEventId);

    public static TimelineEntry Entry(string eventType, Guid eventId, string? detail = null) => new(Later, eventType, eventId, detail);

    public static TimelineEntry Received(SagaEvent e) => e switch
    {
        SagaEvent.StockAllocated => Entry("StockAllocated", e.EventId),
        SagaEvent.StockAllocationFailed failed => Entry("StockAllocationFailed", e.EventId, failed.Reason),
        SagaEvent.PaymentCreated => Entry("PaymentCreated", e.EventId),
        SagaEvent.PaymentCancelled cancelled => Entry("PaymentCancelled", e.EventId, cancelled.Reason),
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };
}

public sealed class when_stock_and_payment_arrive_in_either_order
{
    public static TheoryData<string> Orders => ["stock first", "payment first"];

    private static SagaEvent[] InOrder(string order) =>
        order == "stock first" ? [Saga.StockAllocated(), Saga.PaymentCreated()] : [Saga.PaymentCreated(), Saga.StockAllocated()];

    [Theory]
    [MemberData(nameof(Orders))]
    public void the_first_is_recorded_and_the_subscription_waits(string order)
    {
        var first = InOrder(order)[0];

        var decision = Saga.Decide(Saga.Pending, first);

        var advance = Assert.IsType<SagaDecision.Advance>(decision);
        Assert.Equal(
            Saga.Pending with
            {
                Version = 2,
                StockAllocated = first is SagaEvent.StockAllocated,
                PaymentCreated = first is SagaEvent.PaymentCreated,
                PaymentId = first is SagaEvent.PaymentCreated ? Saga.PaymentId : null,
                Timeline = Saga.Pending.Timeline.Append(Saga.Received(first)),
            },
            advance.After);
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void the_second_activates_it_once_raising_subscription_activated_with_the_payment(string order)
    {
        var events = InOrder(order);
        var waiting = Saga.After(events[0]);

        var decision = Saga.Decide(waiting, events[1]);

        var activate = Assert.IsType<SagaDecision.Activate>(decision);
        Assert.Equal(new SubscriptionActivated { SubscriptionId = Saga.SubscriptionId, PaymentId = Saga.PaymentId }, activate.Event);
        Assert.Equal(
            (SubscriptionStatus.Active, 3L, true, true, (Guid?)Saga.PaymentId),
            (activate.After.Status, activate.After.Version, activate.After.StockAllocated, activate.After.PaymentCreated, activate.After.PaymentId));
        Assert.Equal(
            [
                Saga.Pending.Timeline[0],
                Saga.Received(events[0]),
                Saga.Received(events[1]),
                Saga.Entry("SubscriptionActivated", Saga.RaisedEventId),
            ],
            activate.After.Timeline);
    }
}

public sealed class when_stock_allocation_fails
{
    public static TheoryData<string> Before => ["nothing", "payment created"];

    [Theory]
    [MemberData(nameof(Before))]
    public void a_pending_subscription_is_cancelled_for_stock_unavailable_keeping_stocks_reason(string before)
    {
        var state = before == "nothing" ? Saga.Pending : Saga.After(Saga.PaymentCreated());
        var failed = Saga.StockAllocationFailed();

        var decision = Saga.Decide(state, failed);

        var cancel = Assert.IsType<SagaDecision.Cancel>(decision);
        Assert.Equal(new SubscriptionCancelled { SubscriptionId = Saga.SubscriptionId, Reason = "StockUnavailable" }, cancel.Event);
        Assert.Equal(
            state with
            {
                Status = SubscriptionStatus.Cancelled,
                Version = state.Version + 1,
                CancelledAt = Saga.Later,
                CancellationReason = "StockUnavailable",
                Timeline = state.Timeline
                    .Append(Saga.Entry("StockAllocationFailed", failed.EventId, "2 units of razor-classic on hand, 24 asked for"))
                    .Append(Saga.Entry("SubscriptionCancelled", Saga.RaisedEventId, "StockUnavailable")),
            },
            cancel.After);
    }

    [Fact]
    public void after_stock_was_allocated_it_contradicts_the_allocation_and_changes_nothing()
    {
        Assert.IsType<SagaDecision.Unchanged>(Saga.Decide(Saga.After(Saga.StockAllocated()), Saga.StockAllocationFailed()));
        Assert.IsType<SagaDecision.Unchanged>(
            Saga.Decide(Saga.After(Saga.StockAllocated(), Saga.PaymentCreated()), Saga.StockAllocationFailed()));
    }
}

public sealed class when_the_payment_is_cancelled
{
    public static TheoryData<string> Before => ["nothing", "stock allocated", "payment created", "active"];

    private static SubscriptionState State(string before) => before switch
    {
        "nothing" => Saga.Pending,
        "stock allocated" => Saga.After(Saga.StockAllocated()),
        "payment created" => Saga.After(Saga.PaymentCreated()),
        _ => Saga.After(Saga.StockAllocated(), Saga.PaymentCreated()),
    };

    [Theory]
    [MemberData(nameof(Before))]
    public void the_subscription_is_cancelled_for_payment_cancelled(string before)
    {
        var state = State(before);
        var cancelled = Saga.PaymentCancelled();

        var decision = Saga.Decide(state, cancelled);

        var cancel = Assert.IsType<SagaDecision.Cancel>(decision);
        Assert.Equal(new SubscriptionCancelled { SubscriptionId = Saga.SubscriptionId, Reason = "PaymentCancelled" }, cancel.Event);
        Assert.Equal(
            (SubscriptionStatus.Cancelled, state.Version + 1, "PaymentCancelled", (DateTimeOffset?)Saga.Later),
            (cancel.After.Status, cancel.After.Version, cancel.After.CancellationReason, cancel.After.CancelledAt));
        Assert.Equal(
            [.. state.Timeline, Saga.Entry("PaymentCancelled", cancelled.EventId, "CustomerRequested"), Saga.Entry("SubscriptionCancelled", Saga.RaisedEventId, "PaymentCancelled")],
            cancel.After.Timeline);
    }

    [Fact]
    public void before_payment_created_arrived_the_payment_id_is_learnt_from_it()
    {
        var cancel = Assert.IsType<SagaDecision.Cancel>(Saga.Decide(Saga.Pending, Saga.PaymentCancelled()));

        Assert.Equal((Saga.PaymentId, false), (cancel.After.PaymentId, cancel.After.PaymentCreated));
    }
}

public sealed class when_a_saga_event_arrives_after_the_subscription_was_cancelled
{
    public static TheoryData<string> Events => ["StockAllocated", "StockAllocationFailed", "PaymentCreated", "PaymentCancelled"];

    private static SagaEvent Late(string type) => type switch
    {
        "StockAllocated" => Saga.StockAllocated(20),
        "StockAllocationFailed" => Saga.StockAllocationFailed(21),
        "PaymentCreated" => Saga.PaymentCreated(22),
        _ => Saga.PaymentCancelled(23),
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void nothing_changes_whoever_cancelled_it(string type)
    {
        var byStock = Saga.After(Saga.StockAllocationFailed());
        var byPayments = Saga.After(Saga.StockAllocated(), Saga.PaymentCreated(), Saga.PaymentCancelled());
        var byCustomer = Saga.Pending with { Status = SubscriptionStatus.Cancelled, Version = 2, CancellationReason = "CustomerRequested" };

        Assert.All([byStock, byPayments, byCustomer], state => Assert.IsType<SagaDecision.Unchanged>(Saga.Decide(state, Late(type))));
    }
}

public sealed class when_a_saga_event_arrives_again_under_another_id
{
    [Fact]
    public void a_second_stock_allocated_changes_nothing_while_pending_or_active()
    {
        Assert.IsType<SagaDecision.Unchanged>(Saga.Decide(Saga.After(Saga.StockAllocated()), Saga.StockAllocated(30)));
        Assert.IsType<SagaDecision.Unchanged>(Saga.Decide(Saga.After(Saga.StockAllocated(), Saga.PaymentCreated()), Saga.StockAllocated(30)));
    }

    [Fact]
    public void a_second_payment_created_changes_nothing_while_pending_or_active()
    {
        Assert.IsType<SagaDecision.Unchanged>(Saga.Decide(Saga.After(Saga.PaymentCreated()), Saga.PaymentCreated(31)));
        Assert.IsType<SagaDecision.Unchanged>(Saga.Decide(Saga.After(Saga.PaymentCreated(), Saga.StockAllocated()), Saga.PaymentCreated(31)));
    }
}

public sealed class when_the_saga_takes_its_longest_path
{
    [Fact]
    public void the_timeline_holds_every_step_within_its_bound()
    {
        var state = Saga.After(Saga.StockAllocated(), Saga.PaymentCreated(), Saga.PaymentCancelled());

        Assert.Equal(
            ["SubscriptionCreated", "StockAllocated", "PaymentCreated", "SubscriptionActivated", "PaymentCancelled", "SubscriptionCancelled"],
            state.Timeline.Select(e => e.EventType));
        Assert.Equal(Timeline.MaxEntries, state.Timeline.Count);
        Assert.Throws<InvalidOperationException>(() => state.Timeline.Append(Saga.Entry("StockDeallocated", Guid.Empty)));
    }
}
