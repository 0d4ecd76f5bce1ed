using System.Text.Json;

namespace Razors.LocalCloud.Patterns;

/// <summary>
/// Turns pattern JSON into one flat rule (full dotted path → leaf condition) per <c>$or</c> combination,
/// the way aws/event-ruler's JsonRuleCompiler does, and builds a trie from each.
/// </summary>
internal static class PatternCompiler
{
    private const string OrKeyword = "$or";

    // "The service refuses a pattern whose $or arrays expand to more than 1000 combinations" (event-ruler README, "$or").
    internal const int MaxCombinations = 1000;

    public static PatternNode[] Compile(string patternJson)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(patternJson);
        }
        catch (JsonException e)
        {
            throw new InvalidEventPatternException($"Event pattern is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidEventPatternException("Filter is not an object");
            }

            var rules = new List<Rule>();
            ParseObject(rules, path: null, root);
            return [.. rules.Select(PatternNode.Build)];
        }
    }

    private static void ParseObject(List<Rule> rules, string? path, JsonElement pattern)
    {
        var fieldsPresent = false;
        foreach (var field in pattern.EnumerateObject())
        {
            fieldsPresent = true;
            if (field.NameEquals(OrKeyword))
            {
                ParseOr(rules, path, field.Value);
                continue;
            }

            var fieldPath = path is null ? field.Name : $"{path}.{field.Name}";
            switch (field.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    ParseObject(rules, fieldPath, field.Value);
                    break;
                case JsonValueKind.Array:
                    var condition = LeafConditionParser.Parse(field.Value);
                    if (rules.Count == 0)
                    {
                        rules.Add(new Rule());
                    }

                    // Keyed by the full path, so a duplicate key — or "a.b" next to {"a":{"b":…}} — keeps
                    // the last one (MachineTest.testDuplicateKeyLastOneWins).
                    foreach (var rule in rules)
                    {
                        rule[fieldPath] = condition;
                    }

                    break;
                default:
                    throw new InvalidEventPatternException($"\"{field.Name}\" must be an object or an array");
            }
        }

        if (!fieldsPresent)
        {
            throw new InvalidEventPatternException("Empty objects are not allowed");
        }
    }

    // Each branch forks a copy of every rule built so far; fields that follow the $or are then
    // written into all the forks, so the rule count is the product of the $or lengths.
    private static void ParseOr(List<Rule> rules, string? path, JsonElement branches)
    {
        if (branches.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidEventPatternException("It must be an Array followed with $or.");
        }

        var before = rules.ToList();
        rules.Clear();
        var branchCount = 0;
        foreach (var branch in branches.EnumerateArray())
        {
            branchCount++;
            if (branch.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidEventPatternException("Only JSON object is allowed in array of $or relationship.");
            }

            List<Rule> forks = before.Count == 0 ? [new Rule()] : [.. before.Select(rule => new Rule(rule))];
            ParseObject(forks, path, branch);
            rules.AddRange(forks);
            if (rules.Count > MaxCombinations)
            {
                throw new InvalidEventPatternException(
                    $"The pattern expands to more than {MaxCombinations} combinations of $or alternatives");
            }
        }

        if (branchCount < 2)
        {
            throw new InvalidEventPatternException("There must have at least 2 Objects in $or relationship.");
        }
    }

    internal sealed class Rule : Dictionary<string, LeafCondition>
    {
        public Rule()
            : base(StringComparer.Ordinal)
        {
        }

        public Rule(Rule other)
            : base(other, StringComparer.Ordinal)
        {
        }
    }
}
