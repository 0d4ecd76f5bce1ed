using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Razors.Lambda.Events;

namespace Razors.Lambda.HttpApi;

/// <summary>An HTTP API request (payload format 2.0) as the features a server hands to ASP.NET Core.</summary>
internal static class HttpApiV2Request
{
    private const string DefaultStage = "$default";

    public static FeatureCollection ToFeatures(APIGatewayHttpApiV2ProxyRequest request, LambdaResponseFeature response, CancellationToken cancellationToken)
    {
        var http = request.RequestContext?.Http;
        var method = http?.Method;
        if (string.IsNullOrEmpty(method))
        {
            throw new InvalidDataException("The request has no requestContext.http.method: is the API's payload format version 2.0?");
        }

        var rawPath = string.IsNullOrEmpty(request.RawPath) ? "/" : request.RawPath;
        var (pathBase, path) = SplitStage(rawPath, request.RequestContext?.Stage);
        var query = string.IsNullOrEmpty(request.RawQueryString) ? "" : "?" + request.RawQueryString;
        var body = Body(request);

        IHeaderDictionary headers = new HeaderDictionary();
        foreach (var (name, value) in request.Headers ?? [])
        {
            // Repeated headers arrive comma-joined: one field value, as RFC 9110 §5.3 allows.
            headers[name] = value;
        }

        if (request.Cookies is { Count: > 0 } cookies)
        {
            headers.Cookie = string.Join("; ", cookies);
        }

        if (body.Length > 0)
        {
            headers.ContentLength = body.Length;
        }

        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Protocol = string.IsNullOrEmpty(http?.Protocol) ? "HTTP/1.1" : http.Protocol,
            // API Gateway only serves HTTPS.
            Scheme = "https",
            Method = method,
            PathBase = pathBase,
            Path = path,
            QueryString = query,
            RawTarget = rawPath + query,
            Headers = headers,
            Body = new MemoryStream(body, writable: false),
        });
        features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(body.Length > 0));
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(response);
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = request.RequestContext?.RequestId ?? "",
            RemoteIpAddress = IPAddress.TryParse(http?.SourceIp, out var source) ? source : null,
        });
        features.Set<IHttpRequestIdentifierFeature>(new HttpRequestIdentifierFeature { TraceIdentifier = request.RequestContext?.RequestId ?? "" });
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = cancellationToken });
        return features;
    }

    /// <summary>On a named stage the raw path starts with <c>/stage</c>: that part is the path base, as a reverse proxy's prefix is.</summary>
    private static (string PathBase, string Path) SplitStage(string rawPath, string? stage)
    {
        var path = PathString.FromUriComponent(rawPath).Value ?? "/";
        if (string.IsNullOrEmpty(stage) || stage == DefaultStage)
        {
            return ("", path);
        }

        var prefix = "/" + stage;
        if (path.Equals(prefix, StringComparison.Ordinal))
        {
            return (prefix, "/");
        }

        return path.StartsWith(prefix + "/", StringComparison.Ordinal) ? (prefix, path[prefix.Length..]) : ("", path);
    }

    private static byte[] Body(APIGatewayHttpApiV2ProxyRequest request)
    {
        if (string.IsNullOrEmpty(request.Body))
        {
            return [];
        }

        if (!request.IsBase64Encoded)
        {
            return System.Text.Encoding.UTF8.GetBytes(request.Body);
        }

        try
        {
            return Convert.FromBase64String(request.Body);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException("The request says isBase64Encoded, but its body is not base64.", e);
        }
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody { get; } = canHaveBody;
    }
}
