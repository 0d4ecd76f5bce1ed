using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.ServiceDefaults;

namespace Razors.Payments.Features.CancelPayment;

/// <summary>
/// <c>POST /payments/{id}/cancel</c>: the customer cancelled the direct debit. 200 with the
/// cancelled payment, also when it was cancelled before (so a retried request is safe); a 400
/// problem naming <c>id</c> when it is outside the id charset (<see cref="ClientIds"/>); a 404
/// problem for an unknown payment, which changes nothing; a 409 problem when concurrent changes
/// won every attempt.
/// </summary>
internal static class CancelPaymentEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost("/payments/{id}/cancel", HandleAsync)
        .Produces<PaymentResource>()
        .ProducesValidationProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> HandleAsync(string id, HttpContext context, [FromServices] CancelPaymentHandler handler)
    {
        if (!ClientIds.IsValid(id))
        {
            return RequestProblems.InvalidId(nameof(id));
        }

        if (!PaymentResponses.TryParseId(id, out var paymentId))
        {
            return Problems.PaymentNotFound(id);
        }

        var result = await handler.HandleAsync(paymentId, context.RequestAborted);
        return result switch
        {
            CancelPaymentResult.Cancelled cancelled => PaymentResponses.Resource(context, cancelled.Payment),
            CancelPaymentResult.AlreadyCancelled already => PaymentResponses.Resource(context, already.Payment),
            CancelPaymentResult.NotFound => Problems.PaymentNotFound(id),
            _ => Problems.Conflict(),
        };
    }
}
