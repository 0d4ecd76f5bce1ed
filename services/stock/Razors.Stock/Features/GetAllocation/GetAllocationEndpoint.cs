using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.ServiceDefaults;
using Razors.Stock.Ports;

namespace Razors.Stock.Features.GetAllocation;

/// <summary>
/// <c>GET /stock/allocations/{subscriptionId}</c>: 200 with the subscription's allocation; a 400
/// problem naming <c>subscriptionId</c> when it is outside the id charset (<see cref="ClientIds"/>);
/// a 404 problem when no stock event for it has been handled (or the id is not a GUID in the
/// 36-character form).
/// </summary>
internal static class GetAllocationEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/stock/allocations/{subscriptionId}", HandleAsync)
        .Produces<AllocationResource>()
        .ProducesValidationProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> HandleAsync(string subscriptionId, HttpContext context, [FromServices] IStockStore store)
    {
        if (!ClientIds.IsValid(subscriptionId))
        {
            return RequestProblems.InvalidId(nameof(subscriptionId));
        }

        var allocation = Guid.TryParseExact(subscriptionId, "D", out var id)
            ? await store.GetAllocationAsync(id, context.RequestAborted)
            : null;
        return allocation is null
            ? Problems.AllocationNotFound(subscriptionId)
            : Results.Json(AllocationResource.From(allocation), StockJsonContext.Default.AllocationResource);
    }
}
