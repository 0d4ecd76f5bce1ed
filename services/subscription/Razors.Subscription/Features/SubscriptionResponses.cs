using Microsoft.AspNetCore.Http;
using Razors.Subscription.Domain;

namespace Razors.Subscription.Features;

/// <summary>Answers that carry the subscription resource and its <c>Location</c>.</summary>
internal static class SubscriptionResponses
{
    public static IResult Resource(HttpContext context, SubscriptionState state, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.Headers.Location = $"{context.Request.PathBase}/subscriptions/{state.Id:D}";
        return Results.Json(SubscriptionResource.From(state), SubscriptionJsonContext.Default.SubscriptionResource, statusCode: statusCode);
    }

    /// <summary>Ids in routes are GUIDs in the 36-character form that <c>Location</c> uses.</summary>
    public static bool TryParseId(string id, out Guid subscriptionId) =>
        Guid.TryParseExact(id, "D", out subscriptionId);
}
