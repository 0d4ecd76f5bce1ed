using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Razors.Subscription.Features.CancelSubscription;
using Razors.Subscription.Features.CreateSubscription;
using Razors.Subscription.Features.GetSubscription;

namespace Razors.Subscription;

public static class SubscriptionApi
{
    /// <summary>The name of the service's OpenAPI document (<c>/openapi/subscription.json</c>).</summary>
    public const string ApiName = "subscription";

    /// <summary>Maps <c>POST /subscriptions</c>, <c>GET /subscriptions/{id}</c> and <c>DELETE /subscriptions/{id}</c>.</summary>
    public static IEndpointRouteBuilder MapSubscriptionApi(this IEndpointRouteBuilder routes)
    {
        // One group name per service: it selects the endpoints of the service's OpenAPI document.
        var api = routes.MapGroup(string.Empty).WithGroupName(ApiName);
        CreateSubscriptionEndpoint.Map(api);
        GetSubscriptionEndpoint.Map(api);
        CancelSubscriptionEndpoint.Map(api);
        return routes;
    }
}
