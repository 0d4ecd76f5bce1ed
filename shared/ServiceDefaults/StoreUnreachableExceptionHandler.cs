using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Razors.Messaging;

namespace Razors.ServiceDefaults;

/// <summary>
/// Answers a request that failed because a store or service it needs could not be reached (the
/// connection was refused, reset or timed out: <see cref="StoreFailures.IsUnreachable"/>) with 503 and
/// <c>Retry-After</c> as problem details, instead of the 500 of an unhandled exception. A write cut
/// off this way may or may not have committed, so the client sends it again with the same
/// <c>Idempotency-Key</c> (or the same precondition), which applies it at most once.
/// </summary>
internal sealed class StoreUnreachableExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public const int RetryAfterSeconds = 1;

    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!StoreFailures.IsUnreachable(exception))
        {
            return ValueTask.FromResult(false);
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "A store this service needs cannot be reached.",
                Detail = "Send the request again; with the same Idempotency-Key it takes effect at most once.",
            },
        });
    }
}
