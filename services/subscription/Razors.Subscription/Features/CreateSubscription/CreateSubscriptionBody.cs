namespace Razors.Subscription.Features.CreateSubscription;

/// <summary>
/// The shape of <c>POST /subscriptions</c>'s body, for the OpenAPI document only: the endpoint reads
/// the body itself (<see cref="CreateSubscriptionRequest"/>), so every bad field is named in one 422.
/// </summary>
internal sealed record CreateSubscriptionBody(
    string CustomerId, string ProductId, decimal MonthlyPrice, int? UnitsPerMonth = null, int? Months = null, string? Currency = null);
