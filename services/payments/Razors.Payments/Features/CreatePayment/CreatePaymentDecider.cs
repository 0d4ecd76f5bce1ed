using Razors.Contracts;
using Razors.Payments.Domain;

namespace Razors.Payments.Features.CreatePayment;

/// <summary>
/// A new subscription gets one direct-debit payment: its monthly price collected once a month for
/// its length, from the first day of the month after it was created, raising
/// <see cref="PaymentCreated"/>. A subscription that already has a payment (or a
/// <see cref="PaymentTombstone"/>: it was cancelled first) gets nothing more.
/// </summary>
public static class CreatePaymentDecider
{
    /// <param name="existing">The payment stored for the subscription, if any.</param>
    /// <param name="subscription">The event.</param>
    /// <param name="paymentId">The id of the payment, if one is created.</param>
    /// <param name="correlationId">The saga's correlation id.</param>
    /// <param name="subscribedAt">When the subscription was created: the collections start the month after.</param>
    /// <param name="now">When the payment is created.</param>
    public static CreateDecision Decide(
        Payment? existing, SubscriptionCreated subscription, Guid paymentId, string correlationId, DateTimeOffset subscribedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (existing is not null)
        {
            return new CreateDecision.AlreadyExists(existing);
        }

        var payment = new Payment
        {
            PaymentId = paymentId,
            SubscriptionId = subscription.SubscriptionId,
            CustomerId = subscription.CustomerId,
            InstalmentAmount = subscription.MonthlyPrice,
            Currency = subscription.Currency,
            Instalments = subscription.Months,
            FirstCollectionOn = FirstDayOfNextMonth(subscribedAt),
            Status = PaymentStatus.Active,
            Version = 1,
            CorrelationId = correlationId,
            CreatedAt = now,
        };
        var created = new PaymentCreated
        {
            PaymentId = payment.PaymentId,
            SubscriptionId = payment.SubscriptionId,
            CustomerId = payment.CustomerId,
            InstalmentAmount = payment.InstalmentAmount,
            Currency = payment.Currency,
            Instalments = payment.Instalments,
            FirstCollectionOn = payment.FirstCollectionOn,
        };
        return new CreateDecision.Create(payment, created);
    }

    /// <summary>In UTC, so the date does not depend on the server's time zone.</summary>
    public static DateOnly FirstDayOfNextMonth(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new DateOnly(utc.Year, utc.Month, 1).AddMonths(1);
    }
}

/// <summary>The outcome of <see cref="CreatePaymentDecider.Decide"/>.</summary>
public abstract record CreateDecision
{
    private CreateDecision()
    {
    }

    public sealed record Create(Payment Payment, PaymentCreated Event) : CreateDecision;

    public sealed record AlreadyExists(Payment Payment) : CreateDecision;
}
