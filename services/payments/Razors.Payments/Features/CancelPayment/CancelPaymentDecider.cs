using Razors.Contracts;
using Razors.Payments.Domain;

namespace Razors.Payments.Features.CancelPayment;

/// <summary>
/// Cancelling moves an Active payment to Cancelled and raises <see cref="PaymentCancelled"/>.
/// Cancelled is final: cancelling again changes nothing and raises nothing, whatever the reason,
/// so a repeated request or a late event is harmless.
/// </summary>
public static class CancelPaymentDecider
{
    public static CancelDecision Decide(Payment payment, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        if (payment.Status == PaymentStatus.Cancelled)
        {
            return new CancelDecision.AlreadyCancelled();
        }

        var after = payment with
        {
            Status = PaymentStatus.Cancelled,
            Version = payment.Version + 1,
            CancelledAt = now,
            CancellationReason = reason,
        };
        return new CancelDecision.Cancel(
            after, new PaymentCancelled { PaymentId = payment.PaymentId, SubscriptionId = payment.SubscriptionId, Reason = reason });
    }
}

/// <summary>The outcome of <see cref="CancelPaymentDecider.Decide"/>.</summary>
public abstract record CancelDecision
{
    private CancelDecision()
    {
    }

    public sealed record Cancel(Payment After, PaymentCancelled Event) : CancelDecision;

    public sealed record AlreadyCancelled : CancelDecision;
}
