using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Razors.Stock.Features.GetAllocation;
using Razors.Stock.Features.GetStock;
using Razors.Stock.Features.Restock;
using Razors.Stock.Features.SetStock;

namespace Razors.Stock;

public static class StockApi
{
    /// <summary>The name of the service's OpenAPI document (<c>/openapi/stock.json</c>).</summary>
    public const string ApiName = "stock";

    /// <summary>
    /// Maps <c>GET /stock/{productId}</c>, <c>PUT /stock/{productId}</c>,
    /// <c>POST /stock/{productId}/restock</c> and <c>GET /stock/allocations/{subscriptionId}</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapStockApi(this IEndpointRouteBuilder routes)
    {
        // One group name per service: it selects the endpoints of the service's OpenAPI document.
        var api = routes.MapGroup(string.Empty).WithGroupName(ApiName);
        GetStockEndpoint.Map(api);
        SetStockEndpoint.Map(api);
        RestockEndpoint.Map(api);
        GetAllocationEndpoint.Map(api);
        return routes;
    }
}
