using System.Diagnostics.CodeAnalysis;

namespace Razors.ServiceDefaults;

/// <summary>
/// The one charset of every id a client supplies (customer and product ids; the subscription and
/// payment ids in routes and queries, GUIDs, fit it too): 1 to <see cref="MaxLength"/> ASCII
/// letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, starting with a letter or digit. ASCII only,
/// so an id has no control or format characters (no RTL override, no zero-width space), no
/// look-alike letters, no <c>#</c> (the tables' key separator, as in <c>PRODUCT#razor-pro</c>),
/// no <c>/</c>, <c>\</c> or <c>%</c> (no path in a URL or a file name) and no blank.
/// </summary>
public static class ClientIds
{
    public const int MaxLength = 64;

    /// <summary>The rule as a field error says it.</summary>
    public static readonly string Rule =
        $"must be 1 to {MaxLength} characters: ASCII letters, digits, '-', '_' and '.', starting with a letter or digit.";

    public static bool IsValid([NotNullWhen(true)] string? id) =>
        id is { Length: > 0 and <= MaxLength }
        && char.IsAsciiLetterOrDigit(id[0])
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
