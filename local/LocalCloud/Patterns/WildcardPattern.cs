using System.Text;

namespace Razors.LocalCloud.Patterns;

/// <summary>
/// A <c>wildcard</c> value: <c>*</c> matches any run of characters, <c>\*</c> is a literal asterisk and
/// <c>\\</c> a literal backslash (event-ruler WildcardParser).
/// </summary>
internal sealed class WildcardPattern
{
    // The literal text between the asterisks; with n asterisks there are n + 1 segments, possibly empty.
    private readonly string[] segments;

    private WildcardPattern(string[] segments) => this.segments = segments;

    /// <exception cref="InvalidEventPatternException">The value has <c>**</c> or a bad escape.</exception>
    public static WildcardPattern Parse(string value)
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '*' when i + 1 < value.Length && value[i + 1] == '*':
                    throw new InvalidEventPatternException(
                        $"Consecutive wildcard characters at pos {Position(value, i)}");
                case '*':
                    segments.Add(current.ToString());
                    current.Clear();
                    break;
                case '\\' when i + 1 < value.Length && value[i + 1] is '*' or '\\':
                    current.Append(value[++i]);
                    break;
                case '\\':
                    throw new InvalidEventPatternException($"Invalid escape character at pos {Position(value, i)}");
                default:
                    current.Append(value[i]);
                    break;
            }
        }

        segments.Add(current.ToString());
        return new WildcardPattern([.. segments]);
    }

    public bool Matches(ReadOnlySpan<char> text)
    {
        var first = segments[0];
        if (segments.Length == 1)
        {
            return text.SequenceEqual(first);
        }

        var last = segments[^1];
        if (text.Length < first.Length + last.Length || !text.StartsWith(first) || !text.EndsWith(last))
        {
            return false;
        }

        // With '*' as the only metacharacter, taking each middle segment at its leftmost occurrence
        // never loses a match: it leaves the most room for the segments after it.
        var rest = text[first.Length..^last.Length];
        for (var i = 1; i < segments.Length - 1; i++)
        {
            var at = rest.IndexOf(segments[i], StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            rest = rest[(at + segments[i].Length)..];
        }

        return true;
    }

    // event-ruler reports the UTF-8 byte offset within the quoted value, hence the + 1 for the quote
    // (JsonRuleCompilerTest.testWildcardConsecutiveWildcards: "abc**def" → pos 4).
    private static int Position(string value, int index) => Encoding.UTF8.GetByteCount(value.AsSpan(0, index)) + 1;
}
