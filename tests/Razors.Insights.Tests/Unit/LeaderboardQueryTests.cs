using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Http;
using Razors.Insights.Features.Leaderboard;

namespace Razors.Insights.Tests.Unit;

public sealed class when_a_leaderboard_query_is_read
{
    private static LeaderboardQuery Read(string query, bool boardRequired = false, bool topAllowed = true) =>
        LeaderboardQuery.Read(new QueryCollection(QueryHelpers.ParseQuery(query)), boardRequired, topAllowed);

    [Theory]
    [InlineData("", "all-time", 10)]
    [InlineData("?board=2026-12", "2026-12", 10)]
    [InlineData("?top=1&board=all-time", "all-time", 1)]
    [InlineData("?top=100", "all-time", 100)]
    public void board_and_top_have_their_defaults(string query, string board, int top) =>
        Assert.Equal(new LeaderboardQuery.Valid(board, top), Read(query));

    [Theory]
    [InlineData("?board=2026-13", "board")]
    [InlineData("?board=", "board")]
    [InlineData("?board=all-time&board=2026-12", "board")]
    [InlineData("?top=0", "top")]
    [InlineData("?top=101", "top")]
    [InlineData("?top=ten", "top")]
    [InlineData("?top=+5", "top")]
    [InlineData("?top=5.0", "top")]
    [InlineData("?top=99999999999", "top")]
    [InlineData("?Board=all-time", "Board")]
    [InlineData("?limit=5", "limit")]
    public void a_bad_value_or_an_unknown_parameter_is_named(string query, string parameter)
    {
        var invalid = Assert.IsType<LeaderboardQuery.Invalid>(Read(query));

        Assert.Equal([parameter], invalid.Errors.Keys);
    }

    [Fact]
    public void every_bad_parameter_is_named_at_once()
    {
        var invalid = Assert.IsType<LeaderboardQuery.Invalid>(Read("?board=last-week&top=-1&sort=desc"));

        Assert.Equal(["board", "sort", "top"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void a_rebuild_requires_the_board_and_takes_no_top()
    {
        Assert.Equal(["board"], Assert.IsType<LeaderboardQuery.Invalid>(Read("", boardRequired: true, topAllowed: false)).Errors.Keys);
        Assert.Equal(["top"], Assert.IsType<LeaderboardQuery.Invalid>(Read("?board=2026-12&top=5", boardRequired: true, topAllowed: false)).Errors.Keys);
        Assert.Equal("2026-12", Assert.IsType<LeaderboardQuery.Valid>(Read("?board=2026-12", boardRequired: true, topAllowed: false)).Board);
    }
}
