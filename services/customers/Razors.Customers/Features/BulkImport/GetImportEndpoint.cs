using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.Customers.Ports;
using Razors.ServiceDefaults;

namespace Razors.Customers.Features.BulkImport;

/// <summary>
/// <c>GET /customers/imports/{id}</c>: the import's <c>status</c>, <c>total</c>, <c>registered</c>,
/// <c>rejected</c> and <c>pending</c> rows, and each rejected row's <c>line</c>, <c>field</c> and
/// <c>reason</c>; 400 naming <c>id</c> when it is not an import id; 404 when there is no such import.
/// </summary>
internal static class GetImportEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/customers/imports/{id}", HandleAsync)
        .Produces<ImportResource>()
        .ProducesValidationProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> HandleAsync(string id, HttpContext context, [FromServices] ICustomerStore store)
    {
        if (!ImportIds.IsValid(id))
        {
            return RequestProblems.InvalidParameter(nameof(id), ImportIds.Rule);
        }

        var report = await store.GetImportReportAsync(id, context.RequestAborted);
        return report is null ? Problems.ImportNotFound(id) : CustomerResponses.Import(context, report);
    }
}
