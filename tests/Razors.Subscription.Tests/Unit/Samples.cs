using Razors.Subscription.Domain;

namespace Razors.Subscription.Tests.Unit;

public static class Samples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

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
