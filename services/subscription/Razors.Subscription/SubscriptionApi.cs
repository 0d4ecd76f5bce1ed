using Microsoft.AspNetCore.Routing;
using Razors.Subscription.Features.CancelSubscription;
using Razors.Subscription.Features.CreateSubscription;
using Razors.Subscription.Features.GetSubscription;

namespace Razors.Subscription;

public static class SubscriptionApi
{
    /// <summary>Maps <c>POST /subscriptions</c>, <c>GET /subscriptions/{id}</c> and <c>DELETE /subscriptions/{id}</c>.</summary>
    public static IEndpointRouteBuilder MapSubscriptionApi(this IEndpointRouteBuilder routes)
    {
        CreateSubscriptionEndpoint.Map(routes);
        GetSubscriptionEndpoint.Map(routes);
        CancelSubscriptionEndpoint.Map(routes);
        return routes;
    }
}
