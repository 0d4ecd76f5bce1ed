using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.ServiceDefaults;
using Razors.Stock.Ports;

namespace Razors.Stock.Features.Restock;

/// <summary>
/// <c>POST /stock/{productId}/restock</c> with <c>{ "units": n }</c>: adds n (1 to 100,000) units
/// to what is on hand in one conditional update, so restocks and allocations that run at the same
/// time all count. 200 with the product and its new <c>ETag</c>; problem details otherwise: 404
/// no such product, 422 invalid fields or a total over 1,000,000 (naming <c>units</c>), 415 not
/// JSON, 413 too large, 400 not a JSON object, 503 with <c>Retry-After</c> when other writers held
/// the product through every attempt. Each POST adds again: it is not idempotent.
/// </summary>
internal static class RestockEndpoint
{
    public const int MaxBodyBytes = 1024;

    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost("/stock/{productId}/restock", HandleAsync)
        .AcceptsJsonBody<RestockBody>()
        .Produces<ProductResource>()
        .ProducesETag()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> HandleAsync(
        string productId, HttpContext context, [FromServices] IStockStore store, [FromServices] ConflictRetry retry, [FromServices] TimeProvider time)
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

        switch (UnitsRequest.ParseRestock(productId, body))
        {
            case UnitsRequest.Malformed malformed:
                return RequestProblems.MalformedBody(malformed.Detail);
            case UnitsRequest.Invalid invalid:
                return RequestProblems.InvalidFields(invalid.Errors);
            case UnitsRequest.Valid valid:
                ProductWrite write;
                try
                {
                    write = await retry.RunAsync(
                        () => store.AddUnitsAsync(valid.ProductId, valid.Units, context.RequestAborted),
                        time,
                        $"Restocking {productId}",
                        context.RequestAborted);
                }
                catch (StockConflictException)
                {
                    return Problems.Busy(context, productId);
                }

                return write switch
                {
                    ProductWrite.Written written => StockResponses.Product(context, written.Product),
                    ProductWrite.NotFound => Problems.ProductNotFound(productId),
                    ProductWrite.OverLimit over => Problems.RestockOverLimit(over.Current, valid.Units),
                    _ => throw new InvalidOperationException($"Unexpected answer to a restock: {write}."),
                };
            default:
                throw new InvalidOperationException("Unknown parse result.");
        }
    }
}
