using Razors.Contracts;
using Razors.Subscription.Domain;

namespace Razors.Subscription.Features.CreateSubscription;

/// <summary>A new subscription starts Pending at version 1 and raises <see cref="SubscriptionCreated"/>.</summary>
public static class CreateSubscriptionDecider
{
    public static (SubscriptionState State, SubscriptionCreated Event) Decide(
        Guid subscriptionId, SubscriptionTerms terms, string correlationId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var state = new SubscriptionState(subscriptionId, terms, SubscriptionStatus.Pending, Version: 1, now, correlationId);
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
