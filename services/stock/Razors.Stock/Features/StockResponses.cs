using Microsoft.AspNetCore.Http;
using Razors.ServiceDefaults;
using Razors.Stock.Domain;

namespace Razors.Stock.Features;

/// <summary>Answers that carry a product and its <c>ETag</c>.</summary>
internal static class StockResponses
{
    public static IResult Product(HttpContext context, ProductStock product, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.Headers.ETag = Precondition.ETag(product.Version);
        return Results.Json(ProductResource.From(product), StockJsonContext.Default.ProductResource, statusCode: statusCode);
    }
}
