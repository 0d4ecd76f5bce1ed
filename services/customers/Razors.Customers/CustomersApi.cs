using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Razors.Customers.Features.GetCustomers;
using Razors.Customers.Features.BulkImport;
using Razors.Customers.Features.Register;

namespace Razors.Customers;

public static class CustomersApi
{
    /// <summary>The name of the service's OpenAPI document (<c>/openapi/customers.json</c>).</summary>
    public const string ApiName = "customers";

    /// <summary>
    /// Maps <c>POST /customers</c>, <c>GET /customers/{id}</c>, <c>GET /customers?email=|state=</c>,
    /// <c>POST /customers/imports</c> and <c>GET /customers/imports/{id}</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(string.Empty).WithGroupName(ApiName);
        RegisterCustomerEndpoint.Map(api);
        FindCustomersEndpoint.Map(api);
        StartImportEndpoint.Map(api);
        GetImportEndpoint.Map(api);
        GetCustomerEndpoint.Map(api);
        return routes;
    }
}
