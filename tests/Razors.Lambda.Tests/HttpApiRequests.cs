using System.Text.Json.Nodes;

namespace Razors.Lambda.Tests;

/// <summary>HTTP API requests (payload format 2.0) as API Gateway sends them to the function.</summary>
internal static class HttpApiRequests
{
    public static string Request(
        string method,
        string rawPath,
        string? body = null,
        bool base64 = false,
        string rawQueryString = "",
        Dictionary<string, string>? headers = null,
        string[]? cookies = null,
        string stage = "$default",
        string requestId = "JKJaXmPLvHcESHA=")
    {
        var allHeaders = new JsonObject
        {
            ["host"] = "abc123.execute-api.eu-west-1.amazonaws.com",
            ["user-agent"] = "curl/8.5.0",
            ["x-forwarded-for"] = "198.51.100.7",
            ["x-forwarded-proto"] = "https",
        };
        if (body is not null)
        {
            allHeaders["content-type"] = "application/json";
        }

        foreach (var (name, value) in headers ?? [])
        {
            allHeaders[name] = value;
        }

        var request = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = rawPath,
            ["rawQueryString"] = rawQueryString,
            ["headers"] = allHeaders,
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "123456789012",
                ["apiId"] = "abc123",
                ["domainName"] = "abc123.execute-api.eu-west-1.amazonaws.com",
                ["domainPrefix"] = "abc123",
                ["http"] = new JsonObject
                {
                    ["method"] = method,
                    ["path"] = Uri.UnescapeDataString(rawPath),
                    ["protocol"] = "HTTP/1.1",
                    ["sourceIp"] = "198.51.100.7",
                    ["userAgent"] = "curl/8.5.0",
                },
                ["requestId"] = requestId,
                ["routeKey"] = "$default",
                ["stage"] = stage,
                ["time"] = "23/Nov/2026:09:30:00 +0000",
                ["timeEpoch"] = 1795426200000,
            },
            ["isBase64Encoded"] = base64,
        };
        if (cookies is not null)
        {
            request["cookies"] = new JsonArray([.. cookies.Select(c => JsonValue.Create(c))]);
        }

        if (body is not null)
        {
            request["body"] = body;
        }

        return request.ToJsonString();
    }
}
