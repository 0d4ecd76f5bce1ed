using System.Text.Json;
using System.Text.Json.Serialization;

namespace Razors.Aws;

/// <summary>
/// The error of an AWS JSON-protocol answer (DynamoDB Streams, EventBridge): its code and message
/// from the body, else from the <c>x-amzn-ErrorType</c> header and the status line.
/// </summary>
internal static class AwsJsonError
{
    public static (string Code, string Message) Read(HttpResponseMessage response, byte[] body)
    {
        AwsErrorBody? error = null;
        try
        {
            error = JsonSerializer.Deserialize(body, AwsErrorJsonContext.Default.AwsErrorBody);
        }
        catch (JsonException)
        {
            // Not AWS JSON (a proxy's HTML page, say): fall back to the headers and status line.
        }

        // "__type" may be qualified ("com.amazonaws.dynamodb.v20120810#ExpiredIteratorException"); the code is after '#'.
        var type = error?.Type
            ?? (response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null);
        var code = type is null ? $"Http{(int)response.StatusCode}" : type[(type.LastIndexOf('#') + 1)..].Split(':')[0];
        // AWS spells it "message"; DynamoDB Local spells it "Message".
        return (code, error?.Message ?? error?.MessageUpperCase ?? response.ReasonPhrase ?? "no message");
    }
}

internal sealed class AwsErrorBody
{
    [JsonPropertyName("__type")] public string? Type { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("Message")] public string? MessageUpperCase { get; set; }
}

[JsonSerializable(typeof(AwsErrorBody))]
internal sealed partial class AwsErrorJsonContext : JsonSerializerContext;
