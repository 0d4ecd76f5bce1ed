using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Razors.LocalCloud.Patterns;

/// <summary>
/// An EventBridge event pattern, validated and compiled once, matched against any JSON object: an
/// EventBridge event, or a DynamoDB stream record for a Lambda event-source-mapping filter.
/// </summary>
public sealed class EventPattern
{
    // One trie per $or combination; the pattern matches when any of them does.
    private readonly PatternNode[] alternatives;

    private EventPattern(string json, PatternNode[] alternatives)
    {
        Json = json;
        this.alternatives = alternatives;
    }

    /// <summary>The pattern text as given.</summary>
    public string Json { get; }

    /// <exception cref="InvalidEventPatternException">The pattern is not one EventBridge accepts.</exception>
    public static EventPattern Parse(string patternJson)
    {
        ArgumentNullException.ThrowIfNull(patternJson);
        return new EventPattern(patternJson, PatternCompiler.Compile(patternJson));
    }

    public static bool TryParse(
        string patternJson,
        [NotNullWhen(true)] out EventPattern? pattern,
        [NotNullWhen(false)] out string? error)
    {
        try
        {
            pattern = Parse(patternJson);
            error = null;
            return true;
        }
        catch (InvalidEventPatternException e)
        {
            pattern = null;
            error = e.Message;
            return false;
        }
    }

    public bool Matches(JsonElement eventJson)
    {
        foreach (var alternative in alternatives)
        {
            if (alternative.Matches(eventJson))
            {
                return true;
            }
        }

        return false;
    }

    public bool Matches(string eventJson)
    {
        using var document = JsonDocument.Parse(eventJson);
        return Matches(document.RootElement);
    }

    public override string ToString() => Json;
}
