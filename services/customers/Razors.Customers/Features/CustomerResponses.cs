using Microsoft.AspNetCore.Http;
using Razors.Customers.Domain;
using Razors.Customers.Ports;

namespace Razors.Customers.Features;

/// <summary>Answers that carry a resource and its <c>Location</c>.</summary>
internal static class CustomerResponses
{
    public static IResult Customer(HttpContext context, Customer customer, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.Headers.Location = $"{context.Request.PathBase}/customers/{customer.Id:D}";
        return Results.Json(CustomerResource.From(customer), CustomersJsonContext.Default.CustomerResource, statusCode: statusCode);
    }

    public static IResult Import(HttpContext context, ImportReport report, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.Headers.Location = $"{context.Request.PathBase}/customers/imports/{report.Import.Id}";
        return Results.Json(ImportResource.From(report), CustomersJsonContext.Default.ImportResource, statusCode: statusCode);
    }

    /// <summary>Ids in routes are GUIDs in the 36-character form that <c>Location</c> uses.</summary>
    public static bool TryParseId(string id, out Guid customerId) => Guid.TryParseExact(id, "D", out customerId);
}
