using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.Payments.Domain;
using Razors.Payments.Ports;
using Razors.ServiceDefaults;

namespace Razors.Payments.Features.GetPayment;

/// <summary>
/// <c>GET /payments/{id}</c>: 200 with the payment; a 400 problem naming <c>id</c> when it is
/// outside the id charset (<see cref="ClientIds"/>); a 404 problem otherwise.
/// </summary>
internal static class GetPaymentEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/payments/{id}", HandleAsync)
        .Produces<PaymentResource>()
        .ProducesValidationProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> HandleAsync(string id, HttpContext context, [FromServices] IPaymentStore store)
    {
        if (!ClientIds.IsValid(id))
        {
            return RequestProblems.InvalidId(nameof(id));
        }

        var payment = PaymentResponses.TryParseId(id, out var paymentId)
            ? await store.GetAsync(paymentId, context.RequestAborted)
            : null;
        return payment is null || payment.IsTombstone() ? Problems.PaymentNotFound(id) : PaymentResponses.Resource(context, payment);
    }
}
