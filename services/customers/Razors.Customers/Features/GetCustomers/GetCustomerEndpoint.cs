using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.Customers.Ports;
using Razors.ServiceDefaults;

namespace Razors.Customers.Features.GetCustomers;

/// <summary><c>GET /customers/{id}</c>: 200 with the customer; a 400 problem naming <c>id</c> when it is outside the id charset; 404 otherwise.</summary>
internal static class GetCustomerEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/customers/{id}", HandleAsync)
        .Produces<CustomerResource>()
        .ProducesValidationProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> HandleAsync(string id, HttpContext context, [FromServices] ICustomerStore store)
    {
        if (!ClientIds.IsValid(id))
        {
            return RequestProblems.InvalidId(nameof(id));
        }

        var customer = CustomerResponses.TryParseId(id, out var customerId) ? await store.GetAsync(customerId, context.RequestAborted) : null;
        return customer is null ? Problems.CustomerNotFound(id) : CustomerResponses.Customer(context, customer);
    }
}
