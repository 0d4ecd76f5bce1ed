using Microsoft.AspNetCore.Routing;
using Razors.Payments.Features.CancelPayment;
using Razors.Payments.Features.FindPayments;
using Razors.Payments.Features.GetPayment;

namespace Razors.Payments;

public static class PaymentsApi
{
    /// <summary>Maps <c>GET /payments/{id}</c>, <c>GET /payments?subscriptionId=</c> and <c>POST /payments/{id}/cancel</c>.</summary>
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder routes)
    {
        GetPaymentEndpoint.Map(routes);
        FindPaymentsEndpoint.Map(routes);
        CancelPaymentEndpoint.Map(routes);
        return routes;
    }
}
