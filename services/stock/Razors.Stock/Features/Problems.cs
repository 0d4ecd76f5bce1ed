using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Razors.Stock.Domain;

namespace Razors.Stock.Features;

/// <summary>RFC 9457 problem details (<c>application/problem+json</c>) the endpoints answer with.</summary>
internal static class Problems
{
    /// <summary>Seconds a client should wait before sending a request that lost every race again.</summary>
    private const int RetryAfterSeconds = 1;

    public static IResult ProductNotFound(string productId) =>
        Results.Problem(
            $"There is no product '{productId}' in the catalogue.", statusCode: StatusCodes.Status404NotFound,
            title: "Product not found.");

    public static IResult AllocationNotFound(string subscriptionId) =>
        Results.Problem(
            $"No stock event has been handled for subscription '{subscriptionId}'.", statusCode: StatusCodes.Status404NotFound,
            title: "Allocation not found.");

    public static IResult PreconditionRequired(string productId) =>
        Results.Problem(
            $"Send {HeaderNames.IfMatch} with the ETag that GET /stock/{productId} answered to replace its units on hand, "
            + $"or {HeaderNames.IfNoneMatch}: * to add a new product.",
            statusCode: StatusCodes.Status428PreconditionRequired, title: "A precondition is required.");

    public static IResult VersionStale(string productId) =>
        Results.Problem(
            $"Product '{productId}' is not at the version {HeaderNames.IfMatch} names (or is not in the catalogue): "
            + "it changed after it was read, and nothing was written. Read it again and send its new ETag.",
            statusCode: StatusCodes.Status412PreconditionFailed, title: "The product changed.");

    public static IResult ProductExists(string productId) =>
        Results.Problem(
            $"Product '{productId}' is in the catalogue already, and {HeaderNames.IfNoneMatch}: * only adds. "
            + $"Read it and replace its units with {HeaderNames.IfMatch}.",
            statusCode: StatusCodes.Status412PreconditionFailed, title: "The product exists.");

    public static IResult RestockOverLimit(ProductStock current, int units) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]>
            {
                [UnitsRequest.RestockField] =
                [
                    $"would take {current.ProductId} from {current.UnitsOnHand} to {(long)current.UnitsOnHand + units} units on hand, "
                    + $"over {ProductStock.MaxUnitsOnHand}.",
                ],
            },
            statusCode: StatusCodes.Status422UnprocessableEntity, title: "Too many units.");

    /// <summary>503 with <c>Retry-After</c>: other writers held the product through every attempt.</summary>
    public static IResult Busy(HttpContext context, string productId)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(
            $"Other writers were changing product '{productId}' through every attempt, and nothing was written. "
            + $"Send the request again after {RetryAfterSeconds} s.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "The product is busy.");
    }
}
