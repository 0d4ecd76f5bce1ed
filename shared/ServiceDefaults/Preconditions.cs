using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Razors.ServiceDefaults;

/// <summary>
/// The conditional headers of a write (RFC 9110 §13.1) to a resource whose ETag is its version
/// as a strong entity tag, <c>"3"</c>: <c>If-Match: "3"</c> writes only over version 3, and
/// <c>If-None-Match: *</c> only where there is nothing yet. <c>If-Match: *</c> and weak or listed
/// tags are refused: the write would not say which state it replaces.
/// </summary>
public abstract record Precondition
{
    private const int MaxVersionDigits = 18;

    private Precondition()
    {
    }

    public sealed record IfMatch(long Version) : Precondition;

    public sealed record IfNoneMatchAny : Precondition;

    /// <summary>Neither header was sent.</summary>
    public sealed record Missing : Precondition;

    /// <summary><paramref name="Header"/> is there but cannot be taken, for <paramref name="Error"/>.</summary>
    public sealed record Invalid(string Header, string Error) : Precondition;

    /// <summary>The ETag of version <paramref name="version"/>: <c>"3"</c>.</summary>
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static Precondition Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ifMatch = request.Headers.IfMatch;
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifMatch.Count > 0 && ifNoneMatch.Count > 0)
        {
            return new Invalid(HeaderNames.IfNoneMatch, $"cannot be sent with {HeaderNames.IfMatch}: send {HeaderNames.IfMatch} to replace, {HeaderNames.IfNoneMatch}: * to create.");
        }

        if (ifMatch.Count > 0)
        {
            return ifMatch.Count == 1 && TryParseVersion(ifMatch[0]) is { } version
                ? new IfMatch(version)
                : new Invalid(HeaderNames.IfMatch, "must be sent once with one ETag a GET answered, such as \"3\".");
        }

        if (ifNoneMatch.Count > 0)
        {
            return ifNoneMatch.Count == 1 && ifNoneMatch[0]?.Trim() == "*"
                ? new IfNoneMatchAny()
                : new Invalid(HeaderNames.IfNoneMatch, "must be sent once as *, to create what is not there yet.");
        }

        return new Missing();
    }

    /// <summary>The version in <c>"3"</c>; null for anything else (strong comparison, RFC 9110 §8.8.3.2: <c>"03"</c> is another tag).</summary>
    private static long? TryParseVersion(string? value)
    {
        var tag = value?.Trim();
        if (tag is not ['"', .. var digits, '"'] || digits.Length is 0 or > MaxVersionDigits
            || !digits.All(char.IsAsciiDigit) || (digits.Length > 1 && digits[0] == '0'))
        {
            return null;
        }

        return long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
