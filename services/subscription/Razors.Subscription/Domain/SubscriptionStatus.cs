namespace Razors.Subscription.Domain;

/// <summary>Pending until stock and payment are both in place, then Active; Cancelled is final.</summary>
public enum SubscriptionStatus
{
    Pending,
    Active,
    Cancelled,
}
