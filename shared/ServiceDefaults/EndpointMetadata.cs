using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Razors.ServiceDefaults;

/// <summary>OpenAPI metadata for the answers every JSON-body endpoint shares (<see cref="RequestProblems"/>).</summary>
public static class EndpointMetadata
{
    /// <summary>The JSON body <typeparamref name="T"/>, and the 415, 413, 400 and 422 problems of <see cref="RequestProblems"/>.</summary>
    public static RouteHandlerBuilder AcceptsJsonBody<T>(this RouteHandlerBuilder builder)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .Accepts<T>("application/json")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
