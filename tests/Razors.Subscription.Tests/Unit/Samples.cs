using Razors.Subscription.Domain;

namespace Razors.Subscription.Tests.Unit;

public static class Samples
{
    // Taken from the clock, to the whole minute: the store tests run against DynamoDB Local, whose
    // TTL sweeper deletes outbox and idempotency items whose expiry (Now + retention) has passed.
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60);

    public static readonly SubscriptionTerms Terms = new("customer-1", "razor-classic", 2, 12, 9.99m, "GBP");

    /// <summary>The id of <see cref="Pending"/>'s SubscriptionCreated unless a test names one.</summary>
    public static readonly Guid CreatedEventId = Guid.Parse("0199b6a5-0000-7000-8000-00000000c0de");

    /// <summary>A subscription as created at <see cref="Now"/>: its timeline holds SubscriptionCreated.</summary>
    public static SubscriptionState Pending(Guid id, long version = 1, Guid? createdEventId = null) =>
        new(id, Terms, SubscriptionStatus.Pending, version, Now, id.ToString("D"))
        {
            Timeline = Timeline.Empty.Append(new TimelineEntry(Now, "SubscriptionCreated", createdEventId ?? CreatedEventId)),
        };
}
