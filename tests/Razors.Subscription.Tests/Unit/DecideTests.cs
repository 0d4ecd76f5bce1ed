using Razors.Contracts;
using Razors.Subscription.Domain;
using Razors.Subscription.Features.CancelSubscription;
using Razors.Subscription.Features.CreateSubscription;

namespace Razors.Subscription.Tests.Unit;

public sealed class when_a_subscription_is_created
{
    private static readonly Guid Id = SequentialIds.Id(7);
    private static readonly Guid EventId = SequentialIds.Id(8);

    [Fact]
    public void it_is_pending_at_version_1_with_the_terms()
    {
        var (state, _) = CreateSubscriptionDecider.Decide(Id, Samples.Terms, "saga-1", Samples.Now, EventId);

        Assert.Equal(
            new SubscriptionState(Id, Samples.Terms, SubscriptionStatus.Pending, 1, Samples.Now, "saga-1")
            {
                Timeline = Timeline.Empty.Append(new TimelineEntry(Samples.Now, "SubscriptionCreated", EventId)),
            },
            state);
    }

    [Fact]
    public void subscription_created_carries_the_terms()
    {
        var (_, created) = CreateSubscriptionDecider.Decide(Id, Samples.Terms, "saga-1", Samples.Now, EventId);

        Assert.Equal(
            new SubscriptionCreated
            {
                SubscriptionId = Id,
                CustomerId = "customer-1",
                ProductId = "razor-classic",
                UnitsPerMonth = 2,
                Months = 12,
                MonthlyPrice = 9.99m,
                Currency = "GBP",
            },
            created);
    }
}

public sealed class when_a_live_subscription_is_cancelled
{
    private static readonly DateTimeOffset Later = Samples.Now.AddDays(3);
    private static readonly Guid EventId = SequentialIds.Id(9);

    [Theory]
    [InlineData(SubscriptionStatus.Pending)]
    [InlineData(SubscriptionStatus.Active)]
    public void it_is_cancelled_at_the_next_version_with_when_and_why(SubscriptionStatus status)
    {
        var state = Samples.Pending(SequentialIds.Id(1), version: 4) with { Status = status };

        var decision = CancelSubscriptionDecider.Decide(state, CancellationReasons.CustomerRequested, Later, EventId);

        var cancel = Assert.IsType<CancelDecision.Cancel>(decision);
        Assert.Equal(
            state with
            {
                Status = SubscriptionStatus.Cancelled,
                Version = 5,
                CancelledAt = Later,
                CancellationReason = "CustomerRequested",
                Timeline = state.Timeline.Append(new TimelineEntry(Later, "SubscriptionCancelled", EventId, "CustomerRequested")),
            },
            cancel.After);
        Assert.Equal(new SubscriptionCancelled { SubscriptionId = state.Id, Reason = "CustomerRequested" }, cancel.Event);
    }
}

public sealed class when_a_cancelled_subscription_is_cancelled_again
{
    [Theory]
    [InlineData(CancellationReasons.CustomerRequested)]
    [InlineData(CancellationReasons.PaymentCancelled)]
    public void nothing_changes_and_nothing_is_raised(string reason)
    {
        var state = Samples.Pending(SequentialIds.Id(1), version: 2) with
        {
            Status = SubscriptionStatus.Cancelled,
            CancelledAt = Samples.Now,
            CancellationReason = CancellationReasons.StockUnavailable,
        };

        var decision = CancelSubscriptionDecider.Decide(state, reason, Samples.Now.AddHours(1), SequentialIds.Id(9));

        Assert.IsType<CancelDecision.AlreadyCancelled>(decision);
    }
}
