using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.Payments.Domain;
using Razors.Payments.Ports;
using Razors.ServiceDefaults;

namespace Razors.Payments.Features.FindPayments;

/// <summary>
/// <c>GET /payments?subscriptionId={id}</c>: 200 with the subscription's payments as a JSON array,
/// empty while it has none (a subscription has at most one); a 400 problem when the parameter is
/// missing, repeated or not a GUID.
/// </summary>
internal static class FindPaymentsEndpoint
{
    public const string SubscriptionIdParameter = "subscriptionId";

    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/payments", HandleAsync)
        .Produces<PaymentResource[]>()
        .ProducesValidationProblem(StatusCodes.Status400BadRequest);

    private static async Task<IResult> HandleAsync(HttpContext context, [FromServices] IPaymentStore store)
    {
        var values = context.Request.Query[SubscriptionIdParameter];
        if (values.Count != 1 || !PaymentResponses.TryParseId(values[0], out var subscriptionId))
        {
            return RequestProblems.InvalidParameter(
                SubscriptionIdParameter, "must be given once, as a GUID such as 0199b6a5-1d2c-7000-8000-000000000000.");
        }

        var payment = await store.FindBySubscriptionAsync(subscriptionId, context.RequestAborted);
        return PaymentResponses.Collection(payment is null || payment.IsTombstone() ? [] : [payment]);
    }
}
