using Microsoft.AspNetCore.Mvc;

namespace Razors.LocalHost;

/// <summary>
/// The local host's closed doors. It listens on 127.0.0.1 only, yet a web page open in the
/// developer's browser can still reach it: by DNS rebinding (a name of the page's that resolves to
/// 127.0.0.1, so the page reads the answers as its own origin's), or by a cross-site form or fetch
/// that changes state without reading the answer (a <c>text/plain</c> POST needs no CORS preflight).
/// So a request is refused with a 403 problem, before anything runs, when
/// <list type="bullet">
/// <item>its <c>Host</c> is not the listener's own loopback address and port (rebinding sends the page's name), or</item>
/// <item>it is not a safe method (RFC 9110 §9.2.1: GET, HEAD, OPTIONS, TRACE) and a browser marks it as
/// sent from elsewhere: an <c>Origin</c> that is not this host's, or <c>Sec-Fetch-Site</c>
/// <c>cross-site</c> or <c>same-site</c> (https://www.w3.org/TR/fetch-metadata/).</item>
/// </list>
/// Clients that send neither header (curl, the razors CLI, HttpClient) are not browsers and pass.
/// </summary>
internal static class LocalDoors
{
    private static readonly string[] LoopbackNames = ["127.0.0.1", "localhost", "[::1]"];

    public static WebApplication UseLocalDoors(this WebApplication app, int port)
    {
        // A Host without a port means the scheme's default (RFC 9110 §7.2), so only on port 80.
        var hosts = LoopbackNames.Select(name => $"{name}:{port}").Concat(port == 80 ? LoopbackNames : []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var expected = string.Join(", ", LoopbackNames.Select(name => $"{name}:{port}"));
        app.Use(async (context, next) =>
        {
            var refusal = Refusal(context.Request, hosts, expected);
            if (refusal is null)
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Refused by the local host.",
                    Detail = refusal,
                },
            });
        });
        return app;
    }

    private static string? Refusal(HttpRequest request, HashSet<string> hosts, string expected)
    {
        var host = request.Host.Value;
        if (host is null || !hosts.Contains(host))
        {
            return $"The Host header must name this host's loopback listener ({expected}).";
        }

        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return null;
        }

        var origin = request.Headers.Origin;
        if (origin.Count > 0 && (origin.Count > 1 || !string.Equals(origin[0], $"http://{host}", StringComparison.OrdinalIgnoreCase)))
        {
            return $"A {request.Method} from another origin ({origin}) is not taken: only pages of http://{host} may change state.";
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase))
        {
            return $"A {request.Method} sent {site} (Sec-Fetch-Site) is not taken: only pages of http://{host} may change state.";
        }

        return null;
    }
}
