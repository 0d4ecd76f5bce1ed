using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.ServiceDefaults;
using Razors.Stock.Ports;

namespace Razors.Stock.Features.GetStock;

/// <summary>
/// <c>GET /stock/{productId}</c>: 200 with the units on hand and the version, which is also the
/// <c>ETag</c> a replacement sends as <c>If-Match</c>; a 400 problem naming <c>productId</c> when it
/// is outside the id charset (<see cref="ClientIds"/>); a 404 problem for a product not in the catalogue.
/// </summary>
internal static class GetStockEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/stock/{productId}", HandleAsync)
        .Produces<ProductResource>()
        .ProducesValidationProblem(StatusCodes.Status400BadRequest)
        .ProducesETag()
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> HandleAsync(string productId, HttpContext context, [FromServices] IStockStore store)
    {
        if (!ClientIds.IsValid(productId))
        {
            return RequestProblems.InvalidId(nameof(productId));
        }

        var product = await store.GetProductAsync(productId, context.RequestAborted);
        return product is null ? Problems.ProductNotFound(productId) : StockResponses.Product(context, product);
    }
}
