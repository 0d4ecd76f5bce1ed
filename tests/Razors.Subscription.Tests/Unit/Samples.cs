using Razors.Subscription.Domain;

namespace Razors.Subscription.Tests.Unit;

public static class Samples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    public static readonly SubscriptionTerms Terms = new("customer-1", "razor-classic", 2, 12, 9.99m, "GBP");

    public static SubscriptionState Pending(Guid id, long version = 1) =>
        new(id, Terms, SubscriptionStatus.Pending, version, Now, id.ToString("D"));
}
