using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.ServiceDefaults;
using Razors.Stock.Domain;
using Razors.Stock.Ports;

namespace Razors.Stock.Features.GetStock;

/// <summary>
/// <c>GET /stock/{productId}</c>: 200 with the units on hand and the version, which is also the
/// <c>ETag</c> a replacement sends as <c>If-Match</c>; a 404 problem for a product not in the catalogue.
/// </summary>
internal static class GetStockEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/stock/{productId}", HandleAsync)
        .Produces<ProductResource>()
        .ProducesETag()
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> HandleAsync(string productId, HttpContext context, [FromServices] IStockStore store)
    {
        var product = ProductStock.IsValidId(productId) ? await store.GetProductAsync(productId, context.RequestAborted) : null;
        return product is null ? Problems.ProductNotFound(productId) : StockResponses.Product(context, product);
    }
}
