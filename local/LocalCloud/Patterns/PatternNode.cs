using System.Text;
using System.Text.Json;

namespace Razors.LocalCloud.Patterns;

/// <summary>
/// One level of a compiled rule: the leaf condition on this path (if the pattern names it) and the
/// conditions on deeper paths. Matching walks the event alongside the trie, looking up only the
/// fields the pattern names.
/// </summary>
internal sealed class PatternNode
{
    private readonly LeafCondition? leaf;
    private readonly Child[] children;
    private readonly bool childrenMatchAbsent;

    private PatternNode(LeafCondition? leaf, Child[] children)
    {
        this.leaf = leaf;
        this.children = children;
        childrenMatchAbsent = children.All(child => child.Node.MatchesAbsent);
        MatchesAbsent = (leaf is null || leaf.MatchesAbsent) && childrenMatchAbsent;
    }

    /// <summary>True when nothing at this path satisfies the node: it holds only <c>exists:false</c> conditions.</summary>
    public bool MatchesAbsent { get; }

    public static PatternNode Build(PatternCompiler.Rule rule)
    {
        var root = new Builder();
        foreach (var (path, condition) in rule)
        {
            var node = root;
            foreach (var segment in path.Split('.'))
            {
                node = node.Child(segment);
            }

            node.Leaf = condition;
        }

        return root.Build();
    }

    public bool Matches(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => MatchesArray(value),
        JsonValueKind.Object => MatchesObject(value),
        _ => MatchesScalar(value),
    };

    // Array consistency (event-ruler README, "JSON Array Matching"): everything this node asks of
    // an array of objects must be satisfied by one element, so the node is tried per element.
    // A node made only of exists:false is judged against the whole array instead: no element may
    // hold the path (event-ruler 2.0.1 behaviour, see docs/aws-semantics.md §3 "exists inside arrays").
    // Nested arrays are flattened by the recursion.
    private bool MatchesArray(JsonElement array)
    {
        if (MatchesAbsent)
        {
            foreach (var element in array.EnumerateArray())
            {
                if (!Matches(element))
                {
                    return false;
                }
            }

            return true;
        }

        foreach (var element in array.EnumerateArray())
        {
            if (Matches(element))
            {
                return true;
            }
        }

        return false;
    }

    // An object is not a leaf: a leaf condition on its path sees no value ("exists only works on leaf nodes").
    private bool MatchesObject(JsonElement value)
    {
        if (leaf is not null && !leaf.MatchesAbsent)
        {
            return false;
        }

        if (DottedKeys.Present(value))
        {
            value = DottedKeys.Expand(value);
        }

        foreach (var child in children)
        {
            var matched = value.TryGetProperty(child.Utf8Name, out var member)
                ? child.Node.Matches(member)
                : child.Node.MatchesAbsent;
            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    private bool MatchesScalar(JsonElement value) =>
        (leaf is null || leaf.Matches(value)) && childrenMatchAbsent;

    private readonly record struct Child(byte[] Utf8Name, PatternNode Node);

    private sealed class Builder
    {
        private readonly List<(string Name, Builder Node)> children = [];

        public LeafCondition? Leaf { get; set; }

        public Builder Child(string name)
        {
            foreach (var (existingName, existing) in children)
            {
                if (existingName == name)
                {
                    return existing;
                }
            }

            var child = new Builder();
            children.Add((name, child));
            return child;
        }

        public PatternNode Build() =>
            new(Leaf, [.. children.Select(c => new Child(Encoding.UTF8.GetBytes(c.Name), c.Node.Build()))]);
    }
}
