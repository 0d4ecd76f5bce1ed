using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.ServiceDefaults;
using Razors.Stock.Ports;

namespace Razors.Stock.Features.SetStock;

/// <summary>
/// <c>PUT /stock/{productId}</c> with <c>{ "unitsOnHand": n }</c>: sets the units on hand, as
/// counted, never blindly (RFC 9110 §13.1). With <c>If-Match: "&lt;version&gt;"</c> it replaces
/// the units only if the product is still at that version: 200 with the product and its new
/// <c>ETag</c>, 412 if anything wrote it since (an allocation too). With <c>If-None-Match: *</c>
/// it adds a new product at version 1: 201 with its <c>Location</c>, 412 if it exists. Problem
/// details otherwise: 428 neither header, 400 a header that cannot be read or a body that is not
/// a JSON object, 415 not JSON, 413 too large, 422 invalid fields, 503 with <c>Retry-After</c>
/// when other writers held the product through every attempt.
/// </summary>
internal static class SetStockEndpoint
{
    public const int MaxBodyBytes = 1024;

    public static void Map(IEndpointRouteBuilder routes) => routes.MapPut("/stock/{productId}", HandleAsync)
        .AcceptsJsonBody<SetStockBody>()
        .AcceptsPreconditions()
        .Produces<ProductResource>()
        .Produces<ProductResource>(StatusCodes.Status201Created)
        .ProducesETag()
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

        // The request is read before its preconditions, so a problem never echoes an id outside the charset.
        var parsed = UnitsRequest.ParseUnitsOnHand(productId, body);
        var precondition = Precondition.Read(request);
        switch (parsed, precondition)
        {
            case (UnitsRequest.Malformed malformed, _):
                return RequestProblems.MalformedBody(malformed.Detail);
            case (UnitsRequest.Invalid invalid, _):
                return RequestProblems.InvalidFields(invalid.Errors);
            case (_, Precondition.Invalid invalid):
                return RequestProblems.InvalidHeader(invalid.Header, invalid.Error);
            case (_, Precondition.Missing):
                return Problems.PreconditionRequired(productId);
            case (UnitsRequest.Valid valid, _):
                var ifMatch = precondition as Precondition.IfMatch;
                ProductWrite write;
                try
                {
                    write = await retry.RunAsync(
                        () => ifMatch is null
                            ? store.AddProductAsync(valid.ProductId, valid.Units, context.RequestAborted)
                            : store.SetUnitsOnHandAsync(valid.ProductId, valid.Units, ifMatch.Version, context.RequestAborted),
                        time,
                        $"Setting the units on hand of {productId}",
                        context.RequestAborted);
                }
                catch (StockConflictException)
                {
                    return Problems.Busy(context, productId);
                }

                switch (write)
                {
                    case ProductWrite.Written { Product: var product } when ifMatch is null:
                        context.Response.Headers.Location = $"{request.PathBase}/stock/{Uri.EscapeDataString(productId)}";
                        return StockResponses.Product(context, product, StatusCodes.Status201Created);
                    case ProductWrite.Written { Product: var product }:
                        return StockResponses.Product(context, product);
                    case ProductWrite.Stale when ifMatch is null:
                        return Problems.ProductExists(productId);
                    case ProductWrite.Stale:
                        return Problems.VersionStale(productId);
                    default:
                        throw new InvalidOperationException($"Unexpected answer to a write of the units on hand: {write}.");
                }

            default:
                throw new InvalidOperationException("Unknown parse result.");
        }
    }
}
