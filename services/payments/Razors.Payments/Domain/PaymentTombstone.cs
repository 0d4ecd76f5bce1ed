namespace Razors.Payments.Domain;

/// <summary>
/// What a <c>SubscriptionCancelled</c> leaves behind when it overtakes the subscription's
/// <c>SubscriptionCreated</c> (queues do not keep order between events): a payment stored already
/// cancelled, so the late create finds a payment for the subscription and sets up nothing.
/// It never existed for anyone else: the API does not show it and no event mentions it.
/// </summary>
/// <remarks>
/// A real payment is created Active at version 1 and every change adds one, so a payment that is
/// Cancelled at version 1 can only be a tombstone; <see cref="Payment"/> needs no extra field.
/// The terms are unknown when it is written, so they are left empty.
/// </remarks>
public static class PaymentTombstone
{
    public static Payment Create(Guid paymentId, Guid subscriptionId, string correlationId, DateTimeOffset now) => new()
    {
        PaymentId = paymentId,
        SubscriptionId = subscriptionId,
        CustomerId = "",
        InstalmentAmount = 0,
        Currency = "",
        Instalments = 0,
        FirstCollectionOn = DateOnly.MinValue,
        Status = PaymentStatus.Cancelled,
        Version = 1,
        CorrelationId = correlationId,
        CreatedAt = now,
        CancelledAt = now,
        CancellationReason = PaymentCancellationReasons.SubscriptionCancelled,
    };

    public static bool IsTombstone(this Payment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return payment is { Status: PaymentStatus.Cancelled, Version: 1 };
    }
}
