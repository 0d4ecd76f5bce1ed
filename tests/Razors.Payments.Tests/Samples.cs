using Razors.Contracts;
using Razors.Messaging.Outbox;
using Razors.Payments.Domain;
using Razors.Payments.Ports;

namespace Razors.Payments.Tests;

public static class Samples
{
    /// <summary>Sub-millisecond on purpose: a payment must read back exactly as it was saved.</summary>
    public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero).AddTicks(1_234_567);

    public static Payment Payment(Guid? subscriptionId = null) => new()
    {
        PaymentId = Guid.CreateVersion7(),
        SubscriptionId = subscriptionId ?? Guid.CreateVersion7(),
        CustomerId = "customer-1",
        InstalmentAmount = 19.98m,
        Currency = "GBP",
        Instalments = 12,
        FirstCollectionOn = new DateOnly(2026, 12, 1),
        Status = PaymentStatus.Active,
        Version = 1,
        CorrelationId = "correlation-1",
        CreatedAt = Now,
    };

    /// <summary>Creates <paramref name="payment"/> with its PaymentCreated outbox record.</summary>
    public static PaymentChange Creation(Payment payment) => new(payment, 0, [Created(payment)]);

    /// <summary>Cancels the payment read at <paramref name="before"/>, with its PaymentCancelled outbox record.</summary>
    public static PaymentChange Cancellation(Payment before)
    {
        var after = before with
        {
            Status = PaymentStatus.Cancelled,
            Version = before.Version + 1,
            CancelledAt = Now.AddDays(1),
            CancellationReason = "CustomerRequested",
        };
        return new PaymentChange(after, before.Version, [Cancelled(after)]);
    }

    public static OutboxRecord Created(Payment payment) => OutboxRecord.Create(
        new PaymentCreated
        {
            PaymentId = payment.PaymentId,
            SubscriptionId = payment.SubscriptionId,
            CustomerId = payment.CustomerId,
            InstalmentAmount = payment.InstalmentAmount,
            Currency = payment.Currency,
            Instalments = payment.Instalments,
            FirstCollectionOn = payment.FirstCollectionOn,
        },
        Metadata(EventTypes.PaymentCreated, payment));

    public static OutboxRecord Cancelled(Payment payment) => OutboxRecord.Create(
        new PaymentCancelled { PaymentId = payment.PaymentId, SubscriptionId = payment.SubscriptionId, Reason = "CustomerRequested" },
        Metadata(EventTypes.PaymentCancelled, payment));

    private static EventMetadata Metadata(EventType type, Payment payment) => new()
    {
        EventId = Guid.CreateVersion7(),
        EventType = type.Id,
        OccurredAt = Now,
        CorrelationId = payment.CorrelationId,
        AggregateId = payment.PaymentId.ToString("D"),
        AggregateVersion = payment.Version,
    };
}
