using System.Text.Json;
using static Razors.LocalCloud.Patterns.LeafConditionParser;

namespace Razors.LocalCloud.Patterns;

/// <summary>
/// <c>numeric</c>: <c>["=", n]</c>, <c>["&lt;" | "&lt;=", n]</c>, <c>["&gt;" | "&gt;=", n]</c>, or a range with
/// the lower bound first, <c>["&gt;" | "&gt;=", n, "&lt;" | "&lt;=", m]</c> (JsonRuleCompiler.processNumericMatchExpression).
/// </summary>
internal static class NumericParser
{
    public static NumericRangeMatcher Parse(JsonElement operand)
    {
        if (operand.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("Value of numeric must be an array.");
        }

        var terms = operand.EnumerateArray().ToArray();
        if (terms.Length == 0 || terms[0].ValueKind != JsonValueKind.String)
        {
            throw Invalid($"Invalid member in numeric match: {(terms.Length == 0 ? "]" : terms[0].GetRawText())}");
        }

        var op = terms[0].GetString()!;
        if (op is not ("=" or "<" or "<=" or ">" or ">="))
        {
            throw Invalid($"Unrecognized numeric range operator: {op}");
        }

        var value = Operand(op, terms, 1);
        if (op is "=" or "<" or "<=")
        {
            if (terms.Length > 2)
            {
                throw Invalid("Too many elements in numeric expression");
            }

            return op switch
            {
                "=" => new NumericRangeMatcher(value, true, value, true),
                "<" => new NumericRangeMatcher(null, false, value, false),
                _ => new NumericRangeMatcher(null, false, value, true),
            };
        }

        var lowerInclusive = op == ">=";
        if (terms.Length == 2)
        {
            return new NumericRangeMatcher(value, lowerInclusive, null, false);
        }

        if (terms[2].ValueKind != JsonValueKind.String)
        {
            throw Invalid($"Bad value in numeric range: {terms[2].GetRawText()}");
        }

        var upperOp = terms[2].GetString()!;
        if (upperOp is not ("<" or "<="))
        {
            throw Invalid($"Bad numeric range operator: {upperOp}");
        }

        var top = Operand(upperOp, terms, 3);
        if (terms.Length > 4)
        {
            throw Invalid("Too many terms in numeric range expression");
        }

        if (value >= top)
        {
            throw Invalid("Bottom must be less than top");
        }

        return new NumericRangeMatcher(value, lowerInclusive, top, upperOp == "<=");
    }

    private static double Operand(string op, JsonElement[] terms, int index)
    {
        if (index >= terms.Length || terms[index].ValueKind != JsonValueKind.Number)
        {
            throw Invalid($"Value of {op} must be numeric");
        }

        // event-ruler 2.x takes any IEEE-754 double and refuses what lies beyond, such as 1E309.
        if (!terms[index].TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw Invalid($"Value of {op} is out of range: {terms[index].GetRawText()}");
        }

        return value;
    }
}
