namespace Razors.Subscription.Domain;

/// <summary>What a customer subscribes to: already validated (see <c>CreateSubscriptionRequest</c>).</summary>
public sealed record SubscriptionTerms(
    string CustomerId,
    string ProductId,
    int UnitsPerMonth,
    int Months,
    decimal MonthlyPrice,
    string Currency);
