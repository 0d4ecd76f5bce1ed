using System.Net;
using Razors.Testing;

namespace Razors.Cli.Tests.Leaderboard;

public sealed class when_razors_shows_the_leaderboard : IDisposable
{
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    public void Dispose()
    {
        output.Dispose();
        error.Dispose();
    }

    private LeaderboardClient Cli(StubHttpServer host) => new(host.Url, output, error);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task it_reads_get_leaderboard_with_the_board_and_top_and_prints_the_ranks()
    {
        using var host = new StubHttpServer
        {
            ResponseContentType = "application/json",
            ResponseBody = """{"board":"2026-12","entries":[{"rank":1,"productId":"razor-pro","score":12},{"rank":2,"productId":"razor-classic","score":3},{"rank":2,"productId":"razor-travel","score":3}]}""",
        };

        var exitCode = await Cli(host).ShowAsync("2026-12", 3, Ct);

        Assert.Equal(0, exitCode);
        var request = Assert.Single(host.Requests);
        Assert.Equal(("GET", "/leaderboard", "?board=2026-12&top=3"), (request.Method, request.Path, request.Query));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("Board 2026-12, top 3: active subscriptions by product.", lines[0]);
        Assert.Matches(@"^1 +razor-pro +12$", lines[2]);
        Assert.Matches(@"^2 +razor-travel +3$", lines[4]);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task an_empty_board_says_so()
    {
        using var host = new StubHttpServer { ResponseContentType = "application/json", ResponseBody = """{"board":"2027-01","entries":[]}""" };

        Assert.Equal(0, await Cli(host).ShowAsync("2027-01", 10, Ct));

        Assert.Equal("No active subscription counts on board 2027-01 yet.", output.ToString().Trim());
    }

    [Fact]
    public async Task a_refusal_exits_1_with_the_problem_in_one_line()
    {
        using var host = new StubHttpServer { ResponseContentType = "application/problem+json" };
        host.NextResponses.Enqueue((HttpStatusCode.BadRequest, """{"title":"The query is invalid.","status":400,"errors":{"top":["must be a whole number from 1 to 100."]}}"""));

        Assert.Equal(1, await Cli(host).ShowAsync("all-time", 10, Ct));

        Assert.Equal("razors: the leaderboard was refused (400): The query is invalid. top must be a whole number from 1 to 100.", error.ToString().Trim());
    }

    [Fact]
    public async Task a_rebuild_that_matches_exits_0()
    {
        using var host = new StubHttpServer
        {
            ResponseContentType = "application/json",
            ResponseBody = """{"board":"all-time","eventsRead":9,"eventsCounted":8,"eventsSkipped":1,"rebuilt":[{"rank":1,"productId":"razor-pro","score":2}],"stored":[{"rank":1,"productId":"razor-pro","score":2}],"differences":[],"matches":true}""",
        };

        Assert.Equal(0, await Cli(host).RebuildAsync("all-time", Ct));

        var request = Assert.Single(host.Requests);
        Assert.Equal(("/admin/insights/rebuild", "?board=all-time"), (request.Path, request.Query));
        Assert.Contains("rebuilt from 9 archived event(s) of razors-insights (8 counted, 1 skipped)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("The stored board matches the rebuild.", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_rebuild_that_differs_exits_1_and_marks_each_product_that_differs()
    {
        using var host = new StubHttpServer
        {
            ResponseContentType = "application/json",
            ResponseBody = """{"board":"2026-12","eventsRead":5,"eventsCounted":5,"eventsSkipped":0,"rebuilt":[{"rank":1,"productId":"razor-pro","score":2},{"rank":2,"productId":"razor-classic","score":1}],"stored":[{"rank":1,"productId":"razor-pro","score":2}],"differences":[{"productId":"razor-classic","rebuilt":1,"stored":0}],"matches":false}""",
        };

        Assert.Equal(1, await Cli(host).RebuildAsync("2026-12", Ct));

        var text = output.ToString();
        Assert.Matches(@"razor-classic +1 +0  differs", text);
        Assert.Matches(@"razor-pro +2 +2\r?\n", text);
        Assert.Contains("1 product(s) differ between the stored board and the rebuild.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("all-time", true)]
    [InlineData("2026-12", true)]
    [InlineData("2026-13", false)]
    [InlineData("0000-01", false)]
    [InlineData("2026-1", false)]
    [InlineData("All-Time", false)]
    public void a_board_is_all_time_or_a_month(string board, bool valid) => Assert.Equal(valid, LeaderboardClient.IsBoard(board));
}

/// <summary>The <c>razors</c> executable itself: a bad option is refused, naming the value and what is allowed, before anything is sent.</summary>
public sealed class when_razors_leaderboard_is_given_bad_options
{
    [Theory]
    [InlineData(new[] { "leaderboard", "--board", "2026-13" }, "--board '2026-13' is not a board: use all-time or a month as YYYY-MM (e.g. 2026-12).")]
    [InlineData(new[] { "leaderboard", "--top", "0" }, "--top 0 is out of range: use 1–100.")]
    [InlineData(new[] { "leaderboard", "--top", "101" }, "--top 101 is out of range: use 1–100.")]
    [InlineData(new[] { "leaderboard", "rebuild", "--board", "last-month" }, "--board 'last-month' is not a board: use all-time or a month as YYYY-MM (e.g. 2026-12).")]
    [InlineData(new[] { "leaderboard", "rebuild" }, "--board")]
    public async Task it_exits_non_zero_naming_the_option(string[] arguments, string message)
    {
        using var host = new StubHttpServer();

        var (exitCode, _, stderr) = await RazorsProcess.RunAsync([.. arguments, "--url", host.Url.ToString()]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task without_options_it_asks_for_the_all_time_top_10()
    {
        using var host = new StubHttpServer { ResponseContentType = "application/json", ResponseBody = """{"board":"all-time","entries":[]}""" };

        var (exitCode, stdout, stderr) = await RazorsProcess.RunAsync(["leaderboard", "--url", host.Url.ToString()]);

        Assert.Equal((0, ""), (exitCode, stderr));
        Assert.Equal("?board=all-time&top=10", Assert.Single(host.Requests).Query);
        Assert.Contains("No active subscription counts on board all-time yet.", stdout, StringComparison.Ordinal);
    }
}
