using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.ServiceDefaults;
using Razors.Subscription.Ports;

namespace Razors.Subscription.Features.GetSubscription;

/// <summary>
/// <c>GET /subscriptions/{id}</c>: 200 with the subscription; a 400 problem naming <c>id</c> when it
/// is outside the id charset (<see cref="ClientIds"/>); a 404 problem otherwise.
/// </summary>
internal static class GetSubscriptionEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/subscriptions/{id}", HandleAsync)
        .Produces<SubscriptionResource>()
        .ProducesValidationProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> HandleAsync(string id, HttpContext context, [FromServices] ISubscriptionStore store)
    {
        if (!ClientIds.IsValid(id))
        {
            return RequestProblems.InvalidId(nameof(id));
        }

        var state = SubscriptionResponses.TryParseId(id, out var subscriptionId)
            ? await store.GetAsync(subscriptionId, context.RequestAborted)
            : null;
        return state is null ? Problems.SubscriptionNotFound(id) : SubscriptionResponses.Resource(context, state);
    }
}
