namespace Razors.Subscription.Domain;

/// <summary>Pending until stock and payment are in place, then Active; Cancelled is final.</summary>
public enum SubscriptionStatus
{
    Pending,
    Active,
    Cancelled,
}
