using System.Text;
using Microsoft.Net.Http.Headers;
using Razors.Lambda.Events;

namespace Razors.Lambda.HttpApi;

/// <summary>A finished response as the payload (format 2.0) API Gateway turns back into HTTP.</summary>
internal static class HttpApiV2Response
{
    public static APIGatewayHttpApiV2ProxyResponse From(LambdaResponseFeature response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        List<string>? cookies = null;
        foreach (var (name, values) in response.Headers)
        {
            if (name.Equals(HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase))
            {
                // Set-Cookie values cannot be comma-joined (dates hold commas): the payload carries them apart.
                (cookies ??= []).AddRange(values.Where(v => v is not null)!);
            }
            else
            {
                headers[name] = string.Join(",", values.Where(v => v is not null));
            }
        }

        var answer = new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = response.StatusCode,
            Headers = headers,
            Cookies = cookies,
        };

        var body = response.BodyBytes;
        if (body.Length > 0)
        {
            var text = IsUtf8Text(response.Headers.ContentType);
            answer.Body = text ? Encoding.UTF8.GetString(body.Span) : Convert.ToBase64String(body.Span);
            answer.IsBase64Encoded = !text;
        }

        return answer;
    }

    /// <summary>Text in UTF-8 goes as is; anything else (images, other charsets, no type) goes base64, byte for byte.</summary>
    private static bool IsUtf8Text(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var charset = mediaType.Charset;
        if (charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var type = mediaType.MediaType;
        var subType = mediaType.SubTypeWithoutSuffix;
        var suffix = mediaType.Suffix;
        return type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || subType.Equals("json", StringComparison.OrdinalIgnoreCase)
            || subType.Equals("xml", StringComparison.OrdinalIgnoreCase)
            || subType.Equals("javascript", StringComparison.OrdinalIgnoreCase)
            || subType.Equals("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || suffix.Equals("json", StringComparison.OrdinalIgnoreCase)
            || suffix.Equals("xml", StringComparison.OrdinalIgnoreCase);
    }
}
