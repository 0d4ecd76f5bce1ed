using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Razors.Insights.Domain;
using Razors.Insights.Features.Rebuild;
using Razors.Insights.Ports;

namespace Razors.Insights.Features.Leaderboard;

/// <summary>
/// <c>GET /leaderboard?board=all-time|yyyy-MM&amp;top=N</c>: 200 with the board's top N products
/// (10 by default, 1–100) by active subscriptions, highest first, read with one query of the
/// <c>board-score</c> index; a board nobody counts on yet answers an empty list. A 400 problem
/// names each bad, repeated or unknown parameter.
/// </summary>
internal static class GetLeaderboardEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/leaderboard", HandleAsync)
        .Produces<LeaderboardResource>()
        .ProducesValidationProblem(StatusCodes.Status400BadRequest)
        .WithDescription("The products with the most active subscriptions on a board, highest first; products with the same score share a rank.")
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            // The query is read by hand (LeaderboardQuery), so the document is told its parameters.
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = LeaderboardQuery.BoardParameter,
                In = ParameterLocation.Query,
                Description = "all-time (the default), or a month as YYYY-MM: the subscriptions activated in that UTC month that are still active.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^(all-time|[0-9]{4}-(0[1-9]|1[0-2]))$", Default = Boards.AllTime },
            });
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = LeaderboardQuery.TopParameter,
                In = ParameterLocation.Query,
                Description = "How many products, from the top.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = LeaderboardQuery.MaxTop.ToString(CultureInfo.InvariantCulture), Default = LeaderboardQuery.DefaultTop },
            });
            return Task.CompletedTask;
        });

    private static async Task<IResult> HandleAsync(HttpContext context, [FromServices] IInsightsStore store)
    {
        switch (LeaderboardQuery.Read(context.Request.Query))
        {
            case LeaderboardQuery.Invalid invalid:
                return Results.ValidationProblem(invalid.Errors, statusCode: StatusCodes.Status400BadRequest, title: "The query is invalid.");
            case LeaderboardQuery.Valid valid:
                var entries = await store.GetBoardAsync(valid.Board, valid.Top, context.RequestAborted);
                return Results.Json(
                    LeaderboardResource.From(valid.Board, LeaderboardRebuild.Ranked(entries)), InsightsJsonContext.Default.LeaderboardResource);
            default:
                throw new InvalidOperationException("Unknown parse result.");
        }
    }
}
