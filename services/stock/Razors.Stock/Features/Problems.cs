using Microsoft.AspNetCore.Http;

namespace Razors.Stock.Features;

/// <summary>RFC 9457 problem details (<c>application/problem+json</c>) the endpoints answer with.</summary>
internal static class Problems
{
    public static IResult InvalidFields(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(
            errors, statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "One or more fields are invalid.", detail: "See errors: each invalid field with what is wrong with it.");

    public static IResult MalformedBody(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The body is not a JSON object.");

    public static IResult BodyTooLarge(int limit) =>
        Results.Problem(
            $"The body must be at most {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The body is too large.");

    public static IResult NotJson() =>
        Results.Problem(
            "Send the body as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "The body must be JSON.");

    public static IResult ProductNotFound(string productId) =>
        Results.Problem(
            $"There is no product '{productId}' in the catalogue.", statusCode: StatusCodes.Status404NotFound,
            title: "Product not found.");

    public static IResult AllocationNotFound(string subscriptionId) =>
        Results.Problem(
            $"No stock event has been handled for subscription '{subscriptionId}'.", statusCode: StatusCodes.Status404NotFound,
            title: "Allocation not found.");
}
