using Microsoft.AspNetCore.Http;

namespace Razors.ServiceDefaults;

/// <summary>Reads the request headers the endpoints take, within limits.</summary>
public static class HeaderReading
{
    /// <summary>
    /// The single value of a header that must be 1 to <paramref name="maxLength"/> visible ASCII
    /// characters; null when absent. <paramref name="error"/> says what is wrong otherwise.
    /// </summary>
    public static string? ReadToken(this HttpRequest request, string header, int maxLength, out string? error)
    {
        error = null;
        if (!request.Headers.TryGetValue(header, out var values))
        {
            return null;
        }

        var value = values.Count == 1 ? values[0] : null;
        if (value is null || value.Length is 0 || value.Length > maxLength || !value.All(c => c is > ' ' and <= '~'))
        {
            error = $"must be sent once, 1 to {maxLength} visible ASCII characters.";
            return null;
        }

        return value;
    }
}
