using System.Text.Json;
using static Razors.LocalCloud.Patterns.LeafConditionParser;

namespace Razors.LocalCloud.Patterns;

/// <summary>
/// <c>anything-but</c> takes one string or number, a list that is all strings or all numbers, or
/// <c>{prefix|suffix|equals-ignore-case|wildcard}</c> with one string or a list of strings
/// (eb-create-pattern-operators; JsonRuleCompiler.processMatchExpression).
/// </summary>
internal static class AnythingButParser
{
    public static AnythingButMatcher Parse(JsonElement operand) => operand.ValueKind switch
    {
        JsonValueKind.String => new(JsonValueKind.String, [new ExactStringMatcher(operand.GetString()!)]),
        JsonValueKind.Number => new(JsonValueKind.Number, [Number(operand)]),
        JsonValueKind.Array => ParseList(operand),
        JsonValueKind.Object => ParseOperator(operand),
        _ => throw Invalid("Value of anything-but must be an array or single string/number value."),
    };

    private static AnythingButMatcher ParseList(JsonElement list)
    {
        var excluded = new List<ValueMatcher>();
        bool hasString = false, hasNumber = false;
        foreach (var value in list.EnumerateArray())
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    hasString = true;
                    excluded.Add(new ExactStringMatcher(value.GetString()!));
                    break;
                case JsonValueKind.Number:
                    hasNumber = true;
                    excluded.Add(Number(value));
                    break;
                default:
                    throw Invalid("Inside anything but list, start|null|boolean is not supported.");
            }
        }

        if (hasString == hasNumber)
        {
            throw Invalid(
                "Inside anything but list, either all values are number or string, mixed type is not supported");
        }

        return new AnythingButMatcher(hasNumber ? JsonValueKind.Number : JsonValueKind.String, [.. excluded]);
    }

    private static AnythingButMatcher ParseOperator(JsonElement expression)
    {
        using var properties = expression.EnumerateObject();
        if (!properties.MoveNext())
        {
            throw Invalid("Anything-But expression name not found");
        }

        var (name, operand) = (properties.Current.Name, properties.Current.Value);
        ValueMatcher[] excluded = name switch
        {
            "prefix" => [.. Strings(name, operand, allowEmpty: false).Select(s => new PrefixMatcher(s, false))],
            "suffix" => [.. Strings(name, operand, allowEmpty: false).Select(s => new SuffixMatcher(s, false))],
            "equals-ignore-case" => [.. Strings(name, operand, allowEmpty: true).Select(s => new EqualsIgnoreCaseMatcher(s))],
            "wildcard" => [.. Strings(name, operand, allowEmpty: true).Select(s => new WildcardMatcher(WildcardPattern.Parse(s)))],
            _ => throw Invalid($"Unsupported anything-but pattern: {name}"),
        };

        if (properties.MoveNext())
        {
            throw Invalid("Only one key allowed in match expression");
        }

        return new AnythingButMatcher(JsonValueKind.String, excluded);
    }

    private static List<string> Strings(string name, JsonElement operand, bool allowEmpty)
    {
        List<string> values;
        if (operand.ValueKind == JsonValueKind.Array)
        {
            values = [];
            foreach (var value in operand.EnumerateArray())
            {
                values.Add(value.ValueKind == JsonValueKind.String
                    ? value.GetString()!
                    : throw Invalid($"Inside anything-but/{name} list, number|start|null|boolean is not supported."));
            }

            if (values.Count == 0)
            {
                throw Invalid("Empty arrays are not allowed");
            }
        }
        else
        {
            values = [RequireString(name, operand)];
        }

        // An empty prefix or suffix would exclude every string (JsonRuleCompiler: "Null prefix/suffix not allowed").
        if (!allowEmpty && values.Contains(""))
        {
            throw Invalid("Null prefix/suffix not allowed");
        }

        return values;
    }
}
