using System.Globalization;
using Microsoft.AspNetCore.Http;
using Razors.Insights.Domain;
using Razors.ServiceDefaults;

namespace Razors.Insights.Features.Leaderboard;

/// <summary>
/// Reads a leaderboard query: <c>board</c> (<c>all-time</c> by default, or a month <c>yyyy-MM</c>)
/// and <c>top</c> (1–100, 10 by default), each at most once. Anything else, or a bad value, is
/// <see cref="Invalid"/> with each parameter named.
/// </summary>
public abstract record LeaderboardQuery
{
    public const string BoardParameter = "board";
    public const string TopParameter = "top";
    public const int DefaultTop = 10;
    public const int MaxTop = 100;

    private LeaderboardQuery()
    {
    }

    public sealed record Valid(string Board, int Top) : LeaderboardQuery;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : LeaderboardQuery;

    /// <param name="query">The request's query string.</param>
    /// <param name="boardRequired">True where there is no default board (a rebuild names the one it checks).</param>
    /// <param name="topAllowed">False where there is no <c>top</c> (a rebuild compares whole boards).</param>
    public static LeaderboardQuery Read(IQueryCollection query, bool boardRequired = false, bool topAllowed = true)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new FieldErrors();
        var allowed = topAllowed ? $"{BoardParameter} and {TopParameter}" : BoardParameter;
        foreach (var name in query.Keys.Where(k => k != BoardParameter && (k != TopParameter || !topAllowed)))
        {
            errors.Add(name, $"is not a parameter of this query (names are case-sensitive): use {allowed}.");
        }

        var board = Single(query, BoardParameter, errors);
        if (board is null && boardRequired && !errors.ToDictionary().ContainsKey(BoardParameter))
        {
            errors.Add(BoardParameter, $"is required: it {Boards.Rule}");
        }
        else if (board is not null && !Boards.IsValid(board))
        {
            errors.Add(BoardParameter, Boards.Rule);
        }

        var top = DefaultTop;
        if (topAllowed && Single(query, TopParameter, errors) is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > MaxTop))
        {
            errors.Add(TopParameter, $"must be a whole number from 1 to {MaxTop}.");
        }

        return errors.Any ? new Invalid(errors.ToDictionary()) : new Valid(board ?? Boards.AllTime, top);
    }

    private static string? Single(IQueryCollection query, string name, FieldErrors errors)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            errors.Add(name, "must be given once, not empty.");
            return null;
        }

        return values[0];
    }
}
