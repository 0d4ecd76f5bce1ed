using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Razors.Customers.Ports;
using Razors.ServiceDefaults;

namespace Razors.Customers.Features.BulkImport;

/// <summary>
/// <c>POST /customers/imports</c> with a <c>text/csv</c> body (<see cref="CustomerCsv"/>): 202 with
/// the new import and its <c>Location</c>; 200 with the import when the same file was sent before
/// (an import's id is a hash of its bytes). The file goes to the upload store, whose notification
/// starts the parser, and then the import is recorded. Problem details: 415 not CSV, 413 over
/// <see cref="CustomerCsv.MaxBytes"/>, 422 a file refused as a whole (nothing is imported).
/// </summary>
internal static class StartImportEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost("/customers/imports", HandleAsync)
        .Accepts<string>("text/csv")
        .Produces<ImportResource>(StatusCodes.Status202Accepted)
        .Produces<ImportResource>()
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<IResult> HandleAsync(
        HttpContext context, [FromServices] ICustomerStore store, [FromServices] IUploadStore uploads, [FromServices] TimeProvider time)
    {
        var request = context.Request;
        if (!IsCsv(request.ContentType))
        {
            return Problems.NotCsv();
        }

        var body = await request.ReadBodyAsync(CustomerCsv.MaxBytes, context.RequestAborted);
        if (body is null)
        {
            return RequestProblems.BodyTooLarge(CustomerCsv.MaxBytes);
        }

        var check = CustomerCsv.Check(body);
        if (check is CsvFileCheck.Refused refused)
        {
            return Problems.BadFile(refused.Title, refused.Detail, refused.Line);
        }

        var rows = ((CsvFileCheck.Accepted)check).Rows;
        var id = ImportIds.Of(body);
        if (await store.GetImportReportAsync(id, context.RequestAborted) is { } earlier)
        {
            return CustomerResponses.Import(context, earlier);
        }

        // The file first: an import on record always has its file. A crash between the two leaves a
        // file whose rows may already be registering; the client's retry records the import then.
        var import = new ImportRecord(id, rows, body.Length, time.GetUtcNow());
        await uploads.PutAsync(import.FileKey, body, context.RequestAborted);
        if (!await store.AddImportAsync(import, context.RequestAborted))
        {
            // The same file sent twice at once: the other request recorded it.
            return CustomerResponses.Import(context, (await store.GetImportReportAsync(id, context.RequestAborted))!);
        }

        return CustomerResponses.Import(context, new ImportReport(import, 0, []), StatusCodes.Status202Accepted);
    }

    private static bool IsCsv(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
        && (media.Charset.Length == 0 || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
