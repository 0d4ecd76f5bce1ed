using System.Runtime.InteropServices;
using System.Text.Json;

namespace Razors.LocalCloud.Patterns;

/// <summary>One entry of a pattern's value list, tested against one scalar event value.</summary>
internal abstract class ValueMatcher
{
    public abstract bool Matches(EventScalar value);
}

/// <summary>A string literal: exact, ordinal, no normalisation.</summary>
internal sealed class ExactStringMatcher(string expected) : ValueMatcher
{
    public override bool Matches(EventScalar value) => value.IsString && value.Text.SequenceEqual(expected);
}

/// <summary>
/// A number literal. event-ruler compiles it as both numeric equality and the exact JSON text, so
/// <c>300</c> matches <c>3.0e2</c>, and a number beyond double range still matches its own text.
/// </summary>
internal sealed class NumberMatcher(byte[] utf8Text, double? number) : ValueMatcher
{
    public override bool Matches(EventScalar value)
    {
        if (value.Kind != JsonValueKind.Number)
        {
            return false;
        }

        if (number is { } expected && value.IsNumber && value.Number == expected)
        {
            return true;
        }

        return JsonMarshal.GetRawUtf8Value(value.Element).SequenceEqual(utf8Text);
    }
}

/// <summary><c>true</c>, <c>false</c> or <c>null</c>: matches only that JSON literal, never its string form.</summary>
internal sealed class LiteralMatcher(JsonValueKind kind) : ValueMatcher
{
    public override bool Matches(EventScalar value) => value.Kind == kind;
}

internal sealed class PrefixMatcher(string prefix, bool ignoreCase) : ValueMatcher
{
    public override bool Matches(EventScalar value) =>
        value.IsString && value.Text.StartsWith(prefix, Comparison(ignoreCase));

    internal static StringComparison Comparison(bool ignoreCase) =>
        ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
}

internal sealed class SuffixMatcher(string suffix, bool ignoreCase) : ValueMatcher
{
    public override bool Matches(EventScalar value) =>
        value.IsString && value.Text.EndsWith(suffix, PrefixMatcher.Comparison(ignoreCase));
}

internal sealed class EqualsIgnoreCaseMatcher(string expected) : ValueMatcher
{
    public override bool Matches(EventScalar value) =>
        value.IsString && value.Text.Equals(expected, StringComparison.OrdinalIgnoreCase);
}

internal sealed class WildcardMatcher(WildcardPattern pattern) : ValueMatcher
{
    public override bool Matches(EventScalar value) => value.IsString && pattern.Matches(value.Text);
}

/// <summary>
/// <c>numeric</c>: a JSON number (never a numeric string) inside the bounds, compared by value.
/// A missing bound is unbounded; equality is the closed range [n, n].
/// </summary>
internal sealed class NumericRangeMatcher(double? lower, bool lowerInclusive, double? upper, bool upperInclusive)
    : ValueMatcher
{
    public override bool Matches(EventScalar value)
    {
        if (!value.IsNumber)
        {
            return false;
        }

        var n = value.Number;
        if (lower is { } bottom && (lowerInclusive ? n < bottom : n <= bottom))
        {
            return false;
        }

        return upper is not { } top || (upperInclusive ? n <= top : n < top);
    }
}

/// <summary><c>cidr</c>, and a string literal that is an IP address (event-ruler compiles both to a range).</summary>
internal sealed class IpRangeMatcher(IpRange range) : ValueMatcher
{
    public override bool Matches(EventScalar value) => value.IsString && range.Contains(value.Text);
}

/// <summary>
/// <c>anything-but</c>: matches a value of the excluded kind that none of the excluded entries match.
/// A value of another kind, null included, is "not excluded" and matches (RulerTest.WHEN_WeTryAnythingButRules);
/// a missing field never reaches a matcher, so it never matches.
/// </summary>
internal sealed class AnythingButMatcher(JsonValueKind excludedKind, ValueMatcher[] excluded) : ValueMatcher
{
    public override bool Matches(EventScalar value)
    {
        if (value.Kind != excludedKind)
        {
            return true;
        }

        foreach (var matcher in excluded)
        {
            if (matcher.Matches(value))
            {
                return false;
            }
        }

        return true;
    }
}
