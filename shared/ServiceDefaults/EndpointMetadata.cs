using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace Razors.ServiceDefaults;

/// <summary>OpenAPI metadata for the answers every JSON-body endpoint shares (<see cref="RequestProblems"/>).</summary>
public static class EndpointMetadata
{
    /// <summary>The JSON body <typeparamref name="T"/>, and the 415, 413, 400 and 422 problems of <see cref="RequestProblems"/>.</summary>
    public static RouteHandlerBuilder AcceptsJsonBody<T>(this RouteHandlerBuilder builder)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Not .Accepts<T>(): its metadata also makes routing refuse other content types with an
        // empty 415 before the endpoint runs, and the endpoint's own 415 names the bad header.
        return builder
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                    },
                })
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
