using Razors.Contracts;
using Razors.Subscription.Domain;

namespace Razors.Subscription.Features.CreateSubscription;

/// <summary>
/// A new subscription starts Pending at version 1 and raises <see cref="SubscriptionCreated"/>,
/// the first entry of its timeline.
/// </summary>
public static class CreateSubscriptionDecider
{
    /// <param name="subscriptionId">The new subscription's id.</param>
    /// <param name="terms">What is subscribed to.</param>
    /// <param name="correlationId">The saga's correlation id.</param>
    /// <param name="now">When it is created.</param>
    /// <param name="eventId">The id of the <see cref="SubscriptionCreated"/> it raises.</param>
    public static (SubscriptionState State, SubscriptionCreated Event) Decide(
        Guid subscriptionId, SubscriptionTerms terms, string correlationId, DateTimeOffset now, Guid eventId)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var state = new SubscriptionState(subscriptionId, terms, SubscriptionStatus.Pending, Version: 1, now, correlationId)
        {
            Timeline = Timeline.Empty.Append(new TimelineEntry(now, EventTypes.SubscriptionCreated.DetailType, eventId)),
        };
        var created = new SubscriptionCreated
        {
            SubscriptionId = subscriptionId,
            CustomerId = terms.CustomerId,
            ProductId = terms.ProductId,
            UnitsPerMonth = terms.UnitsPerMonth,
            Months = terms.Months,
            MonthlyPrice = terms.MonthlyPrice,
            Currency = terms.Currency,
        };
        return (state, created);
    }
}
