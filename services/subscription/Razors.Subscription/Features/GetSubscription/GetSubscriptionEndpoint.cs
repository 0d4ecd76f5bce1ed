using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.Subscription.Ports;

namespace Razors.Subscription.Features.GetSubscription;

/// <summary><c>GET /subscriptions/{id}</c>: 200 with the subscription, or a 404 problem.</summary>
internal static class GetSubscriptionEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/subscriptions/{id}", HandleAsync)
        .Produces<SubscriptionResource>()
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> HandleAsync(string id, HttpContext context, [FromServices] ISubscriptionStore store)
    {
        var state = SubscriptionResponses.TryParseId(id, out var subscriptionId)
            ? await store.GetAsync(subscriptionId, context.RequestAborted)
            : null;
        return state is null ? Problems.SubscriptionNotFound(id) : SubscriptionResponses.Resource(context, state);
    }
}
