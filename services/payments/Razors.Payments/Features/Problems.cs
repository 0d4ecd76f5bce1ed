using Microsoft.AspNetCore.Http;

namespace Razors.Payments.Features;

/// <summary>RFC 9457 problem details (<c>application/problem+json</c>) the endpoints answer with.</summary>
internal static class Problems
{
    public static IResult PaymentNotFound(string id) =>
        Results.Problem(
            $"There is no payment with id '{id}'.", statusCode: StatusCodes.Status404NotFound,
            title: "Payment not found.");

    public static IResult Conflict() =>
        Results.Problem(
            "The payment was changed by others while this request was being handled. Read it and try again.",
            statusCode: StatusCodes.Status409Conflict, title: "Concurrent change.");
}
