namespace Razors.Payments.Domain;

/// <summary>The values of <see cref="Payment.CancellationReason"/> and of <c>PaymentCancelled.Reason</c>.</summary>
public static class PaymentCancellationReasons
{
    /// <summary>The customer cancelled the direct debit.</summary>
    public const string CustomerRequested = "CustomerRequested";

    /// <summary>The subscription it paid for was cancelled.</summary>
    public const string SubscriptionCancelled = "SubscriptionCancelled";
}
