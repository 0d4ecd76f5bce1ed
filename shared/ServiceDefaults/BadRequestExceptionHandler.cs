using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Razors.ServiceDefaults;

/// <summary>
/// Answers a <see cref="BadHttpRequestException"/> that reaches the exception handler (Kestrel
/// throws it from a body read: a body shorter than its Content-Length, a malformed chunk, a body
/// over the size limit or arriving too slowly) with its own status (400, 413, 408) as problem
/// details, instead of the 500 of an unhandled exception.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return ValueTask.FromResult(false);
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = "The request could not be read.",
                Detail = badRequest.Message,
            },
        });
    }
}
