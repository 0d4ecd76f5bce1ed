using System.Globalization;

namespace Razors.Insights.Domain;

/// <summary>
/// The boards a subscription counts on: <see cref="AllTime"/>, and the UTC month it was activated
/// in, named <c>yyyy-MM</c> (<c>2026-12</c>).
/// </summary>
public static class Boards
{
    public const string AllTime = "all-time";

    /// <summary>What a board's name may be, for a problem or a CLI message to quote.</summary>
    public const string Rule = "must be all-time or a month as YYYY-MM (e.g. 2026-12).";

    /// <summary>The board of the UTC month of <paramref name="at"/>.</summary>
    public static string MonthOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>True for <see cref="AllTime"/> and for a month <c>yyyy-MM</c> (years 0001–9999, months 01–12), exactly so written.</summary>
    public static bool IsValid(string? board) =>
        board == AllTime
        || (board is { Length: 7 }
            && DateTime.TryParseExact(board, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            && MonthOf(new DateTimeOffset(month, TimeSpan.Zero)) == board);
}
