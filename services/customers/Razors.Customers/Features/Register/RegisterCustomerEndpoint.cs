using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.ServiceDefaults;

namespace Razors.Customers.Features.Register;

/// <summary>
/// <c>POST /customers</c>: 201 with the new customer; 200 with the same customer when an
/// <c>Idempotency-Key</c> is replayed with the same request; problem details otherwise (415 not
/// JSON, 413 too large, 400 a bad header or not a JSON object, 422 invalid fields or a key reused
/// with a different request, 409 an address registered already or a key whose first request is
/// still being stored).
/// </summary>
internal static class RegisterCustomerEndpoint
{
    public const int MaxBodyBytes = 4 * 1024;
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxIdempotencyKeyLength = 255;

    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost("/customers", HandleAsync)
        .AcceptsJsonBody<RegistrationBody>()
        .Produces<CustomerResource>(StatusCodes.Status201Created)
        .Produces<CustomerResource>()
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> HandleAsync(HttpContext context, [FromServices] RegisterCustomerHandler handler)
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

        var body = await request.ReadBodyAsync(MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return RequestProblems.BodyTooLarge(MaxBodyBytes);
        }

        switch (RegistrationRequest.Parse(body))
        {
            case RegistrationRequest.Malformed malformed:
                return RequestProblems.MalformedBody(malformed.Detail);
            case RegistrationRequest.Invalid invalid:
                return RequestProblems.InvalidFields(invalid.Errors);
            case RegistrationRequest.Valid valid:
                return await handler.RegisterAsync(valid.Details, idempotencyKey, context.RequestAborted) switch
                {
                    RegistrationResult.Registered registered => CustomerResponses.Customer(context, registered.Customer, StatusCodes.Status201Created),
                    RegistrationResult.Replayed replayed => CustomerResponses.Customer(context, replayed.Customer),
                    RegistrationResult.EmailTaken taken => Problems.EmailTaken(taken.Email),
                    RegistrationResult.KeyReused => Problems.IdempotencyKeyReused(),
                    RegistrationResult.Busy => Problems.Busy(context),
                    _ => Problems.IdempotencyKeyInUse(),
                };
            default:
                throw new InvalidOperationException("Unknown parse result.");
        }
    }
}

/// <summary>The shape of <c>POST /customers</c>'s body, for the OpenAPI document only (the endpoint reads the body itself).</summary>
internal sealed record RegistrationBody(string Name, string Email, string State, string City, string Postcode);
