using Razors.Contracts;
using Razors.Payments.Domain;
using Razors.Payments.Features.CancelPayment;
using Razors.Payments.Service.Tests.Fakes;

namespace Razors.Payments.Service.Tests.Unit;

public sealed class when_deciding_a_cancel
{
    private static readonly Payment Active = new()
    {
        PaymentId = Guid.CreateVersion7(), SubscriptionId = Guid.CreateVersion7(), CustomerId = "customer-1", InstalmentAmount = 9.99m,
        Currency = "GBP", Instalments = 12, FirstCollectionOn = new DateOnly(2026, 12, 1), Status = PaymentStatus.Active, Version = 3,
        CorrelationId = "saga-7", CreatedAt = PaymentsHarness.Now,
    };

    [Fact]
    public void an_active_payment_is_cancelled_at_the_next_version_with_its_reason()
    {
        var decision = Assert.IsType<CancelDecision.Cancel>(CancelPaymentDecider.Decide(Active, "CustomerRequested", PaymentsHarness.Now));

        Assert.Equal(
            Active with { Status = PaymentStatus.Cancelled, Version = 4, CancelledAt = PaymentsHarness.Now, CancellationReason = "CustomerRequested" },
            decision.After);
        Assert.Equal(new PaymentCancelled { PaymentId = Active.PaymentId, SubscriptionId = Active.SubscriptionId, Reason = "CustomerRequested" }, decision.Event);
    }

    [Theory]
    [InlineData("CustomerRequested")]
    [InlineData("SubscriptionCancelled")]
    public void a_cancelled_payment_stays_cancelled_whatever_the_reason(string reason)
    {
        var cancelled = Active with { Status = PaymentStatus.Cancelled, CancellationReason = "SubscriptionCancelled" };

        Assert.IsType<CancelDecision.AlreadyCancelled>(CancelPaymentDecider.Decide(cancelled, reason, PaymentsHarness.Now));
    }
}

public sealed class when_a_customer_cancels_the_direct_debit
{
    private readonly PaymentsHarness payments = new();

    private async Task<Payment> CreatedAsync()
    {
        await payments.Created.HandleAsync(Incoming.Created(Guid.CreateVersion7()), PaymentsHarness.Ct);
        return Assert.Single(payments.Store.Payments);
    }

    [Fact]
    public async Task the_payment_is_cancelled_and_its_event_continues_the_payments_saga()
    {
        var created = await CreatedAsync();

        var result = await payments.CustomerCancel.HandleAsync(created.PaymentId, PaymentsHarness.Ct);

        var cancelled = Assert.IsType<CancelPaymentResult.Cancelled>(result).Payment;
        Assert.Equal((PaymentStatus.Cancelled, 2L, "CustomerRequested"), (cancelled.Status, cancelled.Version, cancelled.CancellationReason));
        var envelope = Assert.Single(payments.Events<PaymentCancelled>());
        Assert.Equal("CustomerRequested", envelope.Data.Reason);
        Assert.Equal(
            ((string?)null, Incoming.CorrelationId, created.PaymentId.ToString(), 2L),
            (envelope.Metadata.CausationId, envelope.Metadata.CorrelationId, envelope.Metadata.AggregateId, envelope.Metadata.AggregateVersion));
    }

    [Fact]
    public async Task an_unknown_payment_is_not_found_and_nothing_is_written()
    {
        var result = await payments.CustomerCancel.HandleAsync(Guid.CreateVersion7(), PaymentsHarness.Ct);

        Assert.IsType<CancelPaymentResult.NotFound>(result);
        Assert.Equal(0, payments.Store.Writes);
    }

    [Fact]
    public async Task a_tombstone_is_not_found()
    {
        await payments.Cancelled.HandleAsync(Incoming.Cancelled(Guid.CreateVersion7()), PaymentsHarness.Ct);

        var result = await payments.CustomerCancel.HandleAsync(Assert.Single(payments.Store.Payments).PaymentId, PaymentsHarness.Ct);

        Assert.IsType<CancelPaymentResult.NotFound>(result);
    }
}
