using Microsoft.AspNetCore.Http;

namespace Razors.Customers.Features;

/// <summary>RFC 9457 problem details (<c>application/problem+json</c>) the endpoints answer with.</summary>
internal static class Problems
{
    public static IResult CustomerNotFound(string id) =>
        Results.Problem($"There is no customer with id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Customer not found.");

    /// <summary>409 naming the address; the customer who holds it is not named.</summary>
    public static IResult EmailTaken(string email) =>
        Results.Problem(
            $"A customer is registered with '{email}' already (addresses are compared without regard to case). "
            + "To retry a registration safely, send it again with the same Idempotency-Key.",
            statusCode: StatusCodes.Status409Conflict, title: "Email address registered already.",
            extensions: new Dictionary<string, object?> { ["email"] = email });

    public static IResult IdempotencyKeyReused() =>
        Results.Problem(
            "This Idempotency-Key was used with a different request. Use a new key for a new request.",
            statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused.");

    public static IResult IdempotencyKeyInUse() =>
        Results.Problem(
            "Another request with this Idempotency-Key is being handled. Retry this one shortly.",
            statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key in use.");

    /// <summary>503 with <c>Retry-After</c>: other writers held the address or the key through every attempt.</summary>
    public static IResult Busy(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return Results.Problem(
            "Other requests were registering the same address or Idempotency-Key through every attempt, and nothing was written. Send the request again after 1 s.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "The registration is busy.");
    }

    public static IResult ImportNotFound(string id) =>
        Results.Problem($"There is no import with id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Import not found.");

    public static IResult NotCsv() =>
        Results.Problem(
            "Send the file as text/csv (UTF-8; charset, if given, must be utf-8).", statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "The body must be CSV.");

    /// <summary>A file refused as a whole: nothing of it is imported.</summary>
    public static IResult BadFile(string title, string detail, int? line) =>
        Results.Problem(
            detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title,
            extensions: line is null ? null : new Dictionary<string, object?> { ["line"] = line });
}
