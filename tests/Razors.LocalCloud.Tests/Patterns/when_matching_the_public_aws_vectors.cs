using System.Text.Json;
using Razors.LocalCloud.Patterns;

namespace Razors.LocalCloud.Tests.Patterns;

/// <summary>Every pattern/event vector from the AWS docs in vectors/eventbridge-patterns-public.json.</summary>
public sealed class when_matching_the_public_aws_vectors
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Vectors = new(Load);

    public static TheoryData<string> Names => [.. Vectors.Value.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void the_pattern_behaves_as_aws_documents(string name)
    {
        var vector = Vectors.Value[name];
        // GetRawText keeps numbers as written (3.0e2 stays 3.0e2).
        var patternJson = vector.GetProperty("pattern").GetRawText();

        if (vector.TryGetProperty("valid", out var valid) && !valid.GetBoolean())
        {
            Assert.False(EventPattern.TryParse(patternJson, out _, out var error), $"accepted an invalid pattern: {name}");
            Assert.False(string.IsNullOrWhiteSpace(error));
            return;
        }

        var pattern = EventPattern.Parse(patternJson);
        Assert.Equal(vector.GetProperty("matches").GetBoolean(), pattern.Matches(vector.GetProperty("event")));
    }

    private static Dictionary<string, JsonElement> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "vectors", "eventbridge-patterns-public.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray()
            .ToDictionary(vector => vector.GetProperty("name").GetString()!, vector => vector.Clone(), StringComparer.Ordinal);
    }
}
