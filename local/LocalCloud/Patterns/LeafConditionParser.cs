using System.Text;
using System.Text.Json;

namespace Razors.LocalCloud.Patterns;

/// <summary>
/// Validates and compiles a pattern field's value list. Messages follow event-ruler's
/// JsonRuleCompiler, which is what EventBridge returns.
/// </summary>
internal static class LeafConditionParser
{
    public static LeafCondition Parse(JsonElement values)
    {
        var matchers = new List<ValueMatcher>();
        bool existsTrue = false, existsFalse = false;
        foreach (var value in values.EnumerateArray())
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    // event-ruler compiles a literal that is an IP address to a range of one address
                    // (CIDR.ipToRangeIfPossible), so any spelling of that address matches.
                    var text = value.GetString()!;
                    matchers.Add(IpRange.SingleAddressOrNull(text) is { } address
                        ? new IpRangeMatcher(address)
                        : new ExactStringMatcher(text));
                    break;
                case JsonValueKind.Number:
                    matchers.Add(Number(value));
                    break;
                case JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null:
                    matchers.Add(new LiteralMatcher(value.ValueKind));
                    break;
                case JsonValueKind.Object:
                    switch (ParseMatchExpression(value))
                    {
                        case { Matcher: { } matcher }:
                            matchers.Add(matcher);
                            break;
                        case { Exists: true }:
                            existsTrue = true;
                            break;
                        default:
                            existsFalse = true;
                            break;
                    }

                    break;
                default:
                    throw Invalid("Match value must be String, number, true, false, or null");
            }
        }

        if (matchers.Count == 0 && !existsTrue && !existsFalse)
        {
            throw Invalid("Empty arrays are not allowed");
        }

        return new LeafCondition([.. matchers], existsTrue, existsFalse);
    }

    /// <summary>Compiles <c>{"operator": operand}</c>.</summary>
    private static MatchExpression ParseMatchExpression(JsonElement expression)
    {
        using var properties = expression.EnumerateObject();
        if (!properties.MoveNext())
        {
            throw Invalid("Match expression name not found");
        }

        var (name, operand) = (properties.Current.Name, properties.Current.Value);
        MatchExpression parsed = name == "exists"
            ? new(null, ParseExists(operand))
            : new(ParseValueMatcher(name, operand), false);

        if (properties.MoveNext())
        {
            throw Invalid("Only one key allowed in match expression");
        }

        return parsed;
    }

    private static ValueMatcher ParseValueMatcher(string name, JsonElement operand) => name switch
    {
        "prefix" => ParsePrefixOrSuffix(name, operand, static (s, ignoreCase) => new PrefixMatcher(s, ignoreCase)),
        "suffix" => ParsePrefixOrSuffix(name, operand, static (s, ignoreCase) => new SuffixMatcher(s, ignoreCase)),
        "equals-ignore-case" => new EqualsIgnoreCaseMatcher(RequireString(name, operand)),
        "wildcard" => new WildcardMatcher(WildcardPattern.Parse(RequireString(name, operand))),
        "anything-but" => AnythingButParser.Parse(operand),
        "numeric" => NumericParser.Parse(operand),
        "cidr" => new IpRangeMatcher(IpRange.ParseCidr(RequireString(name, operand))),
        _ => throw Invalid($"Unrecognized match type {name}"),
    };

    private static bool ParseExists(JsonElement operand) =>
        operand.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? operand.GetBoolean()
            : throw Invalid("exists match pattern must be either true or false.");

    // "prefix": "abc" or "prefix": {"equals-ignore-case": "abc"}, and the same for suffix.
    private static ValueMatcher ParsePrefixOrSuffix(
        string name, JsonElement operand, Func<string, bool, ValueMatcher> create)
    {
        if (operand.ValueKind != JsonValueKind.Object)
        {
            return create(RequireString(name, operand), false);
        }

        using var properties = operand.EnumerateObject();
        if (!properties.MoveNext() || !properties.Current.NameEquals("equals-ignore-case"))
        {
            throw Invalid($"Unsupported {name} pattern: only equals-ignore-case is allowed inside {name}");
        }

        var text = RequireString("equals-ignore-case", properties.Current.Value);
        if (properties.MoveNext())
        {
            throw Invalid("Only one key allowed in match expression");
        }

        return create(text, true);
    }

    internal static NumberMatcher Number(JsonElement value)
    {
        // Beyond double range only the exact-text form survives (JsonRuleCompiler.writeRules).
        double? number = value.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;
        return new NumberMatcher(Encoding.UTF8.GetBytes(value.GetRawText()), number);
    }

    internal static string RequireString(string name, JsonElement operand) =>
        operand.ValueKind == JsonValueKind.String
            ? operand.GetString()!
            : throw Invalid($"{name} match pattern must be a string");

    // exists is not a value matcher: it is judged on whether the path holds a leaf at all.
    private readonly record struct MatchExpression(ValueMatcher? Matcher, bool Exists);

    internal static InvalidEventPatternException Invalid(string message) => new(message);
}
