using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.ServiceDefaults;

namespace Razors.Subscription.Features.CreateSubscription;

/// <summary>
/// <c>POST /subscriptions</c>: 201 with the new subscription; 200 with the same subscription when
/// an <c>Idempotency-Key</c> is replayed with the same request; problem details otherwise
/// (415 not JSON, 413 too large, 400 bad header or not a JSON object, 422 invalid fields or a key
/// reused with a different request, 409 a key whose first request is still being stored).
/// </summary>
internal static class CreateSubscriptionEndpoint
{
    public const int MaxBodyBytes = 16 * 1024;
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string CorrelationIdHeader = "X-Correlation-Id";
    private const int MaxIdempotencyKeyLength = 255;
    private const int MaxCorrelationIdLength = 128;

    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost("/subscriptions", HandleAsync)
        .AcceptsJsonBody<CreateSubscriptionBody>()
        .Produces<SubscriptionResource>(StatusCodes.Status201Created)
        .Produces<SubscriptionResource>()
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> HandleAsync(HttpContext context, [FromServices] CreateSubscriptionHandler handler)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return RequestProblems.NotJson();
        }

        var idempotencyKey = request.ReadToken(IdempotencyKeyHeader, MaxIdempotencyKeyLength, out var error);
        if (error is not null)
        {
            return RequestProblems.InvalidHeader(IdempotencyKeyHeader, error);
        }

        var correlationId = request.ReadToken(CorrelationIdHeader, MaxCorrelationIdLength, out error);
        if (error is not null)
        {
            return RequestProblems.InvalidHeader(CorrelationIdHeader, error);
        }

        var body = await request.ReadBodyAsync(MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return RequestProblems.BodyTooLarge(MaxBodyBytes);
        }

        switch (CreateSubscriptionRequest.Parse(body))
        {
            case CreateSubscriptionRequest.Malformed malformed:
                return RequestProblems.MalformedBody(malformed.Detail);
            case CreateSubscriptionRequest.Invalid invalid:
                return RequestProblems.InvalidFields(invalid.Errors);
            case CreateSubscriptionRequest.Valid valid:
                var result = await handler.HandleAsync(valid.Terms, idempotencyKey, correlationId, context.RequestAborted);
                return result switch
                {
                    CreateSubscriptionResult.Created created =>
                        SubscriptionResponses.Resource(context, created.Subscription, StatusCodes.Status201Created),
                    CreateSubscriptionResult.Replayed replayed => SubscriptionResponses.Resource(context, replayed.Subscription),
                    CreateSubscriptionResult.KeyReused => Problems.IdempotencyKeyReused(),
                    _ => Problems.IdempotencyKeyInUse(),
                };
            default:
                throw new InvalidOperationException("Unknown parse result.");
        }
    }
}
