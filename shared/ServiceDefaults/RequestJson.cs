using System.Text.Json;
using System.Text.Unicode;

namespace Razors.ServiceDefaults;

/// <summary>Reads a request body that must be a JSON object whose strings and field names are all Unicode text.</summary>
public static class RequestJson
{
    /// <summary>
    /// The body as a JSON object, or null with <paramref name="detail"/> saying why it is not one:
    /// not UTF-8, not JSON, not an object, or a string or field name that escapes a lone surrogate.
    /// </summary>
    public static JsonDocument? ParseObject(ReadOnlyMemory<byte> body, out string? detail)
    {
        // The JSON reader checks structure, not the UTF-8 inside strings; reading such a string
        // later would throw instead of answering.
        if (!Utf8.IsValid(body.Span))
        {
            detail = "The body is not valid UTF-8.";
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            detail = e.Message;
            return null;
        }

        detail = document.RootElement.ValueKind != JsonValueKind.Object
            ? $"The body must be a JSON object, not {document.RootElement.ValueKind}."
            : LoneSurrogate(body.Span) is { } position
                ? $"The string at byte {position} escapes a lone UTF-16 surrogate (\\uD800 to \\uDFFF without its pair), which is not Unicode text."
                : null;
        if (detail is null)
        {
            return document;
        }

        document.Dispose();
        return null;
    }

    /// <summary>
    /// Where the first string or field name whose escapes decode to a lone surrogate starts, or
    /// null. Utf8JsonReader.GetString throws InvalidOperationException for exactly those
    /// (https://learn.microsoft.com/dotnet/api/system.text.json.utf8jsonreader.getstring).
    /// </summary>
    private static long? LoneSurrogate(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    _ = reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return reader.TokenStartIndex;
                }
            }
        }

        return null;
    }
}
