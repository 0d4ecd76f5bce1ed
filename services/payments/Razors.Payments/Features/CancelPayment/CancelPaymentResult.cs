using Razors.Payments.Domain;

namespace Razors.Payments.Features.CancelPayment;

/// <summary>What a customer's cancel did.</summary>
public abstract record CancelPaymentResult
{
    private CancelPaymentResult()
    {
    }

    /// <summary>The payment was cancelled now, and its event stored.</summary>
    public sealed record Cancelled(Payment Payment) : CancelPaymentResult;

    /// <summary>It was cancelled before; nothing changed.</summary>
    public sealed record AlreadyCancelled(Payment Payment) : CancelPaymentResult;

    public sealed record NotFound : CancelPaymentResult;

    /// <summary>Other writers changed the payment under every attempt; nothing was stored.</summary>
    public sealed record Conflict : CancelPaymentResult;
}
