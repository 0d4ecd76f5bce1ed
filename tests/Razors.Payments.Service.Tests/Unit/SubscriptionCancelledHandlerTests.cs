using Razors.Contracts;
using Razors.Payments.Domain;
using Razors.Payments.Service.Tests.Fakes;

namespace Razors.Payments.Service.Tests.Unit;

public sealed class when_a_subscription_with_a_payment_is_cancelled
{
    private readonly PaymentsHarness payments = new();
    private readonly Guid subscriptionId = Guid.CreateVersion7();

    private async Task<Payment> CreatedAsync()
    {
        await payments.Created.HandleAsync(Incoming.Created(subscriptionId), PaymentsHarness.Ct);
        return Assert.Single(payments.Store.Payments);
    }

    [Fact]
    public async Task the_payment_is_cancelled_because_the_subscription_was()
    {
        var created = await CreatedAsync();
        payments.Time.Advance(TimeSpan.FromHours(1));

        await payments.Cancelled.HandleAsync(Incoming.Cancelled(subscriptionId), PaymentsHarness.Ct);

        var payment = Assert.Single(payments.Store.Payments);
        Assert.Equal(
            created with { Status = PaymentStatus.Cancelled, Version = 2, CancelledAt = PaymentsHarness.Now.AddHours(1), CancellationReason = "SubscriptionCancelled" },
            payment);
    }

    [Fact]
    public async Task a_payment_cancelled_event_is_stored_with_the_inbox_marker()
    {
        var created = await CreatedAsync();
        var cancelled = Incoming.Cancelled(subscriptionId);

        await payments.Cancelled.HandleAsync(cancelled, PaymentsHarness.Ct);

        var envelope = Assert.Single(payments.Events<PaymentCancelled>());
        Assert.Equal(new PaymentCancelled { PaymentId = created.PaymentId, SubscriptionId = subscriptionId, Reason = "SubscriptionCancelled" }, envelope.Data);
        Assert.Equal(
            (cancelled.Metadata.EventId.ToString(), Incoming.CorrelationId, Incoming.Traceparent, created.PaymentId.ToString(), 2L),
            (envelope.Metadata.CausationId, envelope.Metadata.CorrelationId, envelope.Metadata.Traceparent,
             envelope.Metadata.AggregateId, envelope.Metadata.AggregateVersion));
        Assert.True(payments.Store.Handled(cancelled.Metadata.EventId));
    }

    [Fact]
    public async Task the_same_event_again_raises_nothing_more()
    {
        await CreatedAsync();
        var cancelled = Incoming.Cancelled(subscriptionId);
        await payments.Cancelled.HandleAsync(cancelled, PaymentsHarness.Ct);

        await payments.Cancelled.HandleAsync(cancelled, PaymentsHarness.Ct);

        Assert.Single(payments.Events<PaymentCancelled>());
        Assert.Equal(2, Assert.Single(payments.Store.Payments).Version);
    }

    [Fact]
    public async Task a_payment_the_customer_cancelled_first_stays_as_it_is_and_the_event_is_marked_handled()
    {
        var created = await CreatedAsync();
        await payments.CustomerCancel.HandleAsync(created.PaymentId, PaymentsHarness.Ct);
        var cancelled = Incoming.Cancelled(subscriptionId);

        await payments.Cancelled.HandleAsync(cancelled, PaymentsHarness.Ct);

        var payment = Assert.Single(payments.Store.Payments);
        Assert.Equal(("CustomerRequested", 2L), (payment.CancellationReason, payment.Version));
        Assert.Single(payments.Events<PaymentCancelled>());
        Assert.True(payments.Store.Handled(cancelled.Metadata.EventId));
    }
}

public sealed class when_a_subscription_is_cancelled_before_its_payment_is_created
{
    private readonly PaymentsHarness payments = new();
    private readonly Guid subscriptionId = Guid.CreateVersion7();

    [Fact]
    public async Task a_tombstone_is_stored_and_no_event_is_raised()
    {
        var cancelled = Incoming.Cancelled(subscriptionId);

        await payments.Cancelled.HandleAsync(cancelled, PaymentsHarness.Ct);

        var tombstone = Assert.Single(payments.Store.Payments);
        Assert.True(tombstone.IsTombstone());
        Assert.Equal((subscriptionId, PaymentStatus.Cancelled, Incoming.CorrelationId), (tombstone.SubscriptionId, tombstone.Status, tombstone.CorrelationId));
        Assert.Empty(payments.Store.Outbox);
        Assert.True(payments.Store.Handled(cancelled.Metadata.EventId));
    }

    [Fact]
    public async Task the_late_created_event_sets_up_no_payment_and_raises_nothing()
    {
        await payments.Cancelled.HandleAsync(Incoming.Cancelled(subscriptionId), PaymentsHarness.Ct);
        var created = Incoming.Created(subscriptionId);

        await payments.Created.HandleAsync(created, PaymentsHarness.Ct);

        Assert.True(Assert.Single(payments.Store.Payments).IsTombstone());
        Assert.Empty(payments.Store.Outbox);
        Assert.True(payments.Store.Handled(created.Metadata.EventId));
    }

    [Fact]
    public async Task a_second_cancel_leaves_the_tombstone_as_it_is()
    {
        await payments.Cancelled.HandleAsync(Incoming.Cancelled(subscriptionId), PaymentsHarness.Ct);
        var tombstone = Assert.Single(payments.Store.Payments);

        await payments.Cancelled.HandleAsync(Incoming.Cancelled(subscriptionId), PaymentsHarness.Ct);

        Assert.Equal(tombstone, Assert.Single(payments.Store.Payments));
        Assert.Empty(payments.Store.Outbox);
    }
}
