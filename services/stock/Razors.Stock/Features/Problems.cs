using Microsoft.AspNetCore.Http;

namespace Razors.Stock.Features;

/// <summary>RFC 9457 problem details (<c>application/problem+json</c>) the endpoints answer with.</summary>
internal static class Problems
{
    public static IResult ProductNotFound(string productId) =>
        Results.Problem(
            $"There is no product '{productId}' in the catalogue.", statusCode: StatusCodes.Status404NotFound,
            title: "Product not found.");

    public static IResult AllocationNotFound(string subscriptionId) =>
        Results.Problem(
            $"No stock event has been handled for subscription '{subscriptionId}'.", statusCode: StatusCodes.Status404NotFound,
            title: "Allocation not found.");
}
