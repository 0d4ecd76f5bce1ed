using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.Contracts;
using Razors.ServiceDefaults;

namespace Razors.Subscription.Features.CancelSubscription;

/// <summary>
/// <c>DELETE /subscriptions/{id}</c>: the customer cancels. 200 with the cancelled subscription,
/// also when it was cancelled before (DELETE is idempotent, RFC 9110 §9.2.2); a 400 problem naming
/// <c>id</c> when it is outside the id charset (<see cref="ClientIds"/>); 404 or 409 problems.
/// </summary>
internal static class CancelSubscriptionEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapDelete("/subscriptions/{id}", HandleAsync)
        .Produces<SubscriptionResource>()
        .ProducesValidationProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> HandleAsync(string id, HttpContext context, [FromServices] CancelSubscriptionHandler handler)
    {
        if (!ClientIds.IsValid(id))
        {
            return RequestProblems.InvalidId(nameof(id));
        }

        if (!SubscriptionResponses.TryParseId(id, out var subscriptionId))
        {
            return Problems.SubscriptionNotFound(id);
        }

        var result = await handler.HandleAsync(subscriptionId, CancellationReasons.CustomerRequested, context.RequestAborted);
        return result switch
        {
            CancelSubscriptionResult.Cancelled cancelled => SubscriptionResponses.Resource(context, cancelled.Subscription),
            CancelSubscriptionResult.AlreadyCancelled already => SubscriptionResponses.Resource(context, already.Subscription),
            CancelSubscriptionResult.NotFound => Problems.SubscriptionNotFound(id),
            _ => Problems.Conflict(),
        };
    }
}
