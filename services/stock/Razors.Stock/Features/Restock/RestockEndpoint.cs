using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.ServiceDefaults;
using Razors.Stock.Ports;

namespace Razors.Stock.Features.Restock;

/// <summary>
/// <c>PUT /stock/{productId}</c> with <c>{ "unitsOnHand": n }</c>: sets the units on hand, as
/// counted. 200 with the product; 201 with its <c>Location</c> when it adds a product to the
/// catalogue (PUT creates or replaces the target's state, RFC 9110 §9.3.4). Problem details
/// otherwise: 415 not JSON, 413 too large, 400 not a JSON object, 422 invalid fields.
/// </summary>
internal static class RestockEndpoint
{
    public const int MaxBodyBytes = 1024;

    public static void Map(IEndpointRouteBuilder routes) => routes.MapPut("/stock/{productId}", HandleAsync)
        .AcceptsJsonBody<RestockBody>()
        .Produces<ProductResource>()
        .Produces<ProductResource>(StatusCodes.Status201Created);

    private static async Task<IResult> HandleAsync(string productId, HttpContext context, [FromServices] IStockStore store)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return RequestProblems.NotJson();
        }

        var body = await request.ReadBodyAsync(MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return RequestProblems.BodyTooLarge(MaxBodyBytes);
        }

        switch (RestockRequest.Parse(productId, body))
        {
            case RestockRequest.Malformed malformed:
                return RequestProblems.MalformedBody(malformed.Detail);
            case RestockRequest.Invalid invalid:
                return RequestProblems.InvalidFields(invalid.Errors);
            case RestockRequest.Valid valid:
                var added = await store.SetUnitsOnHandAsync(valid.Product, context.RequestAborted);
                if (added)
                {
                    context.Response.Headers.Location = $"{request.PathBase}/stock/{Uri.EscapeDataString(productId)}";
                }

                return Results.Json(
                    ProductResource.From(valid.Product), StockJsonContext.Default.ProductResource,
                    statusCode: added ? StatusCodes.Status201Created : StatusCodes.Status200OK);
            default:
                throw new InvalidOperationException("Unknown parse result.");
        }
    }
}
