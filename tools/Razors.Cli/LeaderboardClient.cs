using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Razors.Cli;

/// <summary>
/// The insights leaderboard through a running local host: <c>razors leaderboard</c> reads
/// <c>GET /leaderboard</c>, <c>razors leaderboard rebuild</c> the admin API's rebuild check.
/// </summary>
internal sealed partial class LeaderboardClient(Uri baseAddress, TextWriter output, TextWriter error)
{
    public const string AllTime = "all-time";
    public const int MaxTop = 100;

    /// <summary>The service's rule (services/insights/Razors.Insights/Domain/Boards.cs), checked before anything is sent.</summary>
    public static bool IsBoard(string? board) =>
        board == AllTime || (board is not null && MonthPattern().IsMatch(board) && int.Parse(board[..4], CultureInfo.InvariantCulture) > 0);

    /// <summary>The board's top <paramref name="top"/> products; 0, or 1 when the host cannot be reached or refuses.</summary>
    public async Task<int> ShowAsync(string board, int top, CancellationToken cancellationToken)
    {
        var answer = await GetAsync($"/leaderboard?board={Uri.EscapeDataString(board)}&top={top}", "the leaderboard", cancellationToken);
        if (answer is not { } leaderboard)
        {
            return 1;
        }

        var entries = leaderboard.GetProperty("entries").EnumerateArray().ToList();
        if (entries.Count == 0)
        {
            await output.WriteLineAsync($"No active subscription counts on board {board} yet.");
            return 0;
        }

        await output.WriteLineAsync($"Board {board}, top {top}: active subscriptions by product.");
        await output.WriteLineAsync($"{"rank",4}  {"product",-24} {"score",8}");
        foreach (var entry in entries)
        {
            await output.WriteLineAsync($"{entry.GetProperty("rank"),4}  {entry.GetProperty("productId").GetString(),-24} {entry.GetProperty("score"),8}");
        }

        return 0;
    }

    /// <summary>The board rebuilt from the insights bus's archive beside the stored one: 0 when they agree, 1 when they differ (or on an error).</summary>
    public async Task<int> RebuildAsync(string board, CancellationToken cancellationToken)
    {
        var answer = await GetAsync($"/admin/insights/rebuild?board={Uri.EscapeDataString(board)}", "the rebuild", cancellationToken);
        if (answer is not { } comparison)
        {
            return 1;
        }

        await output.WriteLineAsync(
            $"Board {board} rebuilt from {comparison.GetProperty("eventsRead")} archived event(s) of razors-insights "
            + $"({comparison.GetProperty("eventsCounted")} counted, {comparison.GetProperty("eventsSkipped")} skipped).");
        var rebuilt = Scores(comparison, "rebuilt");
        var stored = Scores(comparison, "stored");
        var differences = comparison.GetProperty("differences").EnumerateArray().Select(d => d.GetProperty("productId").GetString()!).ToHashSet(StringComparer.Ordinal);
        if (rebuilt.Count + stored.Count > 0)
        {
            await output.WriteLineAsync($"{"product",-24} {"rebuilt",8} {"stored",8}");
            foreach (var product in rebuilt.Keys.Union(stored.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                await output.WriteLineAsync(
                    $"{product,-24} {rebuilt.GetValueOrDefault(product),8} {stored.GetValueOrDefault(product),8}{(differences.Contains(product) ? "  differs" : "")}");
            }
        }

        await output.WriteLineAsync(differences.Count == 0
            ? "The stored board matches the rebuild."
            : $"{differences.Count} product(s) differ between the stored board and the rebuild.");
        return differences.Count == 0 ? 0 : 1;
    }

    private static Dictionary<string, long> Scores(JsonElement comparison, string name) =>
        comparison.GetProperty(name).EnumerateArray().ToDictionary(e => e.GetProperty("productId").GetString()!, e => e.GetProperty("score").GetInt64(), StringComparer.Ordinal);

    private async Task<JsonElement?> GetAsync(string path, string what, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        using var response = await LocalHostRequests.SendAsync(baseAddress, error, () => http.GetAsync(path, cancellationToken));
        if (response is null)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            await error.WriteLineAsync($"razors: {what} was refused ({(int)response.StatusCode}): {await LocalHostRequests.ProblemAsync(response, cancellationToken)}");
            return null;
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    [GeneratedRegex("^[0-9]{4}-(0[1-9]|1[0-2])$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthPattern();
}
