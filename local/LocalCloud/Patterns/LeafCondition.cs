using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Razors.LocalCloud.Patterns;

/// <summary>The value list of one pattern field: its entries are OR-ed.</summary>
internal sealed class LeafCondition(ValueMatcher[] matchers, bool existsTrue, bool existsFalse)
{
    private const int StackDecodeLimit = 256;

    /// <summary>Whether a path with no leaf value (missing, an object, an empty array) satisfies the condition.</summary>
    public bool MatchesAbsent => existsFalse;

    public bool Matches(JsonElement value)
    {
        if (existsTrue)
        {
            return true;
        }

        if (matchers.Length == 0)
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => MatchesString(value),
            JsonValueKind.Number => MatchesNumber(value),
            _ => MatchesAny(new EventScalar(value, default, 0, isNumber: false)),
        };
    }

    private bool MatchesNumber(JsonElement value)
    {
        // A number beyond double range is left to the exact-text matchers (RuleCompilerTest.testCompile).
        var isNumber = value.TryGetDouble(out var number) && double.IsFinite(number);
        return MatchesAny(new EventScalar(value, default, number, isNumber));
    }

    private bool MatchesString(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value)[1..^1];
        if (raw.Contains((byte)'\\'))
        {
            return MatchesAny(new EventScalar(value, value.GetString(), 0, isNumber: false));
        }

        // UTF-8 never takes fewer bytes than UTF-16 takes chars, so raw.Length chars always suffice.
        char[]? rented = null;
        var buffer = raw.Length <= StackDecodeLimit
            ? stackalloc char[StackDecodeLimit]
            : rented = ArrayPool<char>.Shared.Rent(raw.Length);
        try
        {
            var length = Encoding.UTF8.GetChars(raw, buffer);
            return MatchesAny(new EventScalar(value, buffer[..length], 0, isNumber: false));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private bool MatchesAny(EventScalar value)
    {
        foreach (var matcher in matchers)
        {
            if (matcher.Matches(value))
            {
                return true;
            }
        }

        return false;
    }
}
