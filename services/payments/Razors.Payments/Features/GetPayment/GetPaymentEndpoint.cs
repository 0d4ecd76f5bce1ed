using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.Payments.Domain;
using Razors.Payments.Ports;

namespace Razors.Payments.Features.GetPayment;

/// <summary><c>GET /payments/{id}</c>: 200 with the payment, or a 404 problem.</summary>
internal static class GetPaymentEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/payments/{id}", HandleAsync)
        .Produces<PaymentResource>()
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> HandleAsync(string id, HttpContext context, [FromServices] IPaymentStore store)
    {
        var payment = PaymentResponses.TryParseId(id, out var paymentId)
            ? await store.GetAsync(paymentId, context.RequestAborted)
            : null;
        return payment is null || payment.IsTombstone() ? Problems.PaymentNotFound(id) : PaymentResponses.Resource(context, payment);
    }
}
