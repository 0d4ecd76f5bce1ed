using System.Text.Json.Serialization;

namespace Razors.Lambda.Events;

// Mirrors Amazon.Lambda.APIGatewayEvents (not available here): the HTTP API payload format 2.0.

/// <summary>
/// An HTTP API request (payload format 2.0). Header names arrive lower-cased; repeated headers and
/// query parameters arrive comma-joined; cookies arrive apart from the headers.
/// </summary>
public sealed class APIGatewayHttpApiV2ProxyRequest
{
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("routeKey")] public string? RouteKey { get; set; }
    /// <summary>The path as the client sent it, percent-encoding kept; with the stage prefix on a named stage.</summary>
    [JsonPropertyName("rawPath")] public string? RawPath { get; set; }
    /// <summary>The query string without <c>?</c>, as the client sent it.</summary>
    [JsonPropertyName("rawQueryString")] public string? RawQueryString { get; set; }
    [JsonPropertyName("cookies")] public List<string>? Cookies { get; set; }
    [JsonPropertyName("headers")] public Dictionary<string, string>? Headers { get; set; }
    [JsonPropertyName("queryStringParameters")] public Dictionary<string, string>? QueryStringParameters { get; set; }
    [JsonPropertyName("pathParameters")] public Dictionary<string, string>? PathParameters { get; set; }
    [JsonPropertyName("stageVariables")] public Dictionary<string, string>? StageVariables { get; set; }
    [JsonPropertyName("requestContext")] public ProxyRequestContext? RequestContext { get; set; }
    [JsonPropertyName("body")] public string? Body { get; set; }
    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }

    public sealed class ProxyRequestContext
    {
        [JsonPropertyName("accountId")] public string? AccountId { get; set; }
        [JsonPropertyName("apiId")] public string? ApiId { get; set; }
        [JsonPropertyName("domainName")] public string? DomainName { get; set; }
        [JsonPropertyName("domainPrefix")] public string? DomainPrefix { get; set; }
        [JsonPropertyName("http")] public HttpDescription? Http { get; set; }
        /// <summary>API Gateway's id of this request (also in its access logs).</summary>
        [JsonPropertyName("requestId")] public string? RequestId { get; set; }
        [JsonPropertyName("routeKey")] public string? RouteKey { get; set; }
        /// <summary><c>$default</c>, or the stage name that prefixes <see cref="RawPath"/>.</summary>
        [JsonPropertyName("stage")] public string? Stage { get; set; }
        [JsonPropertyName("time")] public string? Time { get; set; }
        [JsonPropertyName("timeEpoch")] public long TimeEpoch { get; set; }
    }

    public sealed class HttpDescription
    {
        [JsonPropertyName("method")] public string? Method { get; set; }
        [JsonPropertyName("path")] public string? Path { get; set; }
        [JsonPropertyName("protocol")] public string? Protocol { get; set; }
        [JsonPropertyName("sourceIp")] public string? SourceIp { get; set; }
        [JsonPropertyName("userAgent")] public string? UserAgent { get; set; }
    }
}

/// <summary>
/// The answer to an HTTP API request (payload format 2.0). Repeated headers go comma-joined in
/// <see cref="Headers"/>; each <c>Set-Cookie</c> goes in <see cref="Cookies"/>.
/// </summary>
public sealed class APIGatewayHttpApiV2ProxyResponse
{
    [JsonPropertyName("statusCode")] public int StatusCode { get; set; }
    [JsonPropertyName("headers")] public Dictionary<string, string>? Headers { get; set; }
    [JsonPropertyName("cookies")] public List<string>? Cookies { get; set; }
    [JsonPropertyName("body")] public string? Body { get; set; }
    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }
}
