using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Razors.Payments.Features.CancelPayment;
using Razors.Payments.Features.FindPayments;
using Razors.Payments.Features.GetPayment;

namespace Razors.Payments;

public static class PaymentsApi
{
    /// <summary>The name of the service's OpenAPI document (<c>/openapi/payments.json</c>).</summary>
    public const string ApiName = "payments";

    /// <summary>Maps <c>GET /payments/{id}</c>, <c>GET /payments?subscriptionId=</c> and <c>POST /payments/{id}/cancel</c>.</summary>
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder routes)
    {
        // One group name per service: it selects the endpoints of the service's OpenAPI document.
        var api = routes.MapGroup(string.Empty).WithGroupName(ApiName);
        GetPaymentEndpoint.Map(api);
        FindPaymentsEndpoint.Map(api);
        CancelPaymentEndpoint.Map(api);
        return routes;
    }
}
