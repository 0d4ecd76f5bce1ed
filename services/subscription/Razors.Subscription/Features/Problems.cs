using Microsoft.AspNetCore.Http;

namespace Razors.Subscription.Features;

/// <summary>RFC 9457 problem details (<c>application/problem+json</c>) the endpoints answer with.</summary>
internal static class Problems
{
    public static IResult SubscriptionNotFound(string id) =>
        Results.Problem(
            $"There is no subscription with id '{id}'.", statusCode: StatusCodes.Status404NotFound,
            title: "Subscription not found.");

    public static IResult IdempotencyKeyReused() =>
        Results.Problem(
            "This Idempotency-Key was used with a different request. Use a new key for a new request.",
            statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused.");

    public static IResult IdempotencyKeyInUse() =>
        Results.Problem(
            "Another request with this Idempotency-Key is being handled. Retry this one shortly.",
            statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key in use.");

    public static IResult Conflict() =>
        Results.Problem(
            "The subscription was changed by others while this request was being handled. Read it and try again.",
            statusCode: StatusCodes.Status409Conflict, title: "Concurrent change.");
}
