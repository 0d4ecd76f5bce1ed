using Microsoft.AspNetCore.Routing;
using Razors.Stock.Features.GetAllocation;
using Razors.Stock.Features.GetStock;
using Razors.Stock.Features.Restock;

namespace Razors.Stock;

public static class StockApi
{
    /// <summary>
    /// Maps <c>GET /stock/{productId}</c>, <c>PUT /stock/{productId}</c> and
    /// <c>GET /stock/allocations/{subscriptionId}</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapStockApi(this IEndpointRouteBuilder routes)
    {
        GetStockEndpoint.Map(routes);
        RestockEndpoint.Map(routes);
        GetAllocationEndpoint.Map(routes);
        return routes;
    }
}
