using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Razors.ServiceDefaults;

/// <summary>
/// OpenAPI metadata for the answers every JSON-body endpoint shares (<see cref="RequestProblems"/>)
/// and for the conditional headers of a versioned resource (<see cref="Precondition"/>).
/// </summary>
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

    /// <summary>
    /// The <c>If-Match</c> and <c>If-None-Match</c> request headers of <see cref="Precondition"/>, one
    /// of which is required, and the 400 (a header that cannot be read), 412 (the precondition
    /// does not hold) and 428 (neither header) problems.
    /// </summary>
    public static RouteHandlerBuilder AcceptsPreconditions(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = HeaderNames.IfMatch,
                    In = ParameterLocation.Header,
                    Description = "The ETag of the version this write replaces, as a GET answered it (\"3\"). Send this or If-None-Match.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^\"(0|[1-9][0-9]{0,17})\"$" },
                });
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = HeaderNames.IfNoneMatch,
                    In = ParameterLocation.Header,
                    Description = "*: create, only if there is nothing yet. Send this or If-Match.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^\\*$" },
                });
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }

    /// <summary>The <c>ETag</c> response header (<see cref="Precondition.ETag"/>) on every 2xx answer of the endpoint.</summary>
    public static RouteHandlerBuilder ProducesETag(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var (status, response) in operation.Responses ?? [])
            {
                if (status.StartsWith('2') && response is OpenApiResponse answer)
                {
                    answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    answer.Headers[HeaderNames.ETag] = new OpenApiHeader
                    {
                        Description = "The version of the resource as it is now (\"3\"): send it as If-Match to replace it.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    };
                }
            }

            return Task.CompletedTask;
        });
    }
}
