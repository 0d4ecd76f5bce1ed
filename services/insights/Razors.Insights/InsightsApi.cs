using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Razors.Insights.Features.Leaderboard;

namespace Razors.Insights;

public static class InsightsApi
{
    /// <summary>The name of the service's OpenAPI document (<c>/openapi/insights.json</c>).</summary>
    public const string ApiName = "insights";

    /// <summary>Maps <c>GET /leaderboard</c>.</summary>
    public static IEndpointRouteBuilder MapInsightsApi(this IEndpointRouteBuilder routes)
    {
        // One group name per service: it selects the endpoints of the service's OpenAPI document.
        var api = routes.MapGroup(string.Empty).WithGroupName(ApiName);
        GetLeaderboardEndpoint.Map(api);
        return routes;
    }
}
