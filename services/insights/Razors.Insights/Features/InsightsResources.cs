using System.Text.Json.Serialization;
using Razors.Insights.Domain;
using Razors.Insights.Features.Rebuild;

namespace Razors.Insights.Features;

/// <summary>A board as <c>GET /leaderboard</c> answers it: its entries, highest score first.</summary>
public sealed record LeaderboardResource(string Board, IReadOnlyList<LeaderboardEntryResource> Entries)
{
    public static LeaderboardResource From(string board, IReadOnlyList<BoardEntry> ranked)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        return new(board, LeaderboardEntryResource.From(ranked));
    }
}

/// <summary>
/// One product on a board. <see cref="Rank"/> counts the products with a higher score, plus one,
/// so products with the same score share a rank (1, 2, 2, 4).
/// </summary>
public sealed record LeaderboardEntryResource(int Rank, string ProductId, long Score)
{
    public static IReadOnlyList<LeaderboardEntryResource> From(IReadOnlyList<BoardEntry> ranked)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var entries = new List<LeaderboardEntryResource>(ranked.Count);
        for (var i = 0; i < ranked.Count; i++)
        {
            var rank = i > 0 && ranked[i].Score == ranked[i - 1].Score ? entries[i - 1].Rank : i + 1;
            entries.Add(new(rank, ranked[i].ProductId, ranked[i].Score));
        }

        return entries;
    }
}

/// <summary>A rebuilt board beside the stored one, and where they differ.</summary>
public sealed record BoardComparison(
    string Board,
    int EventsRead,
    int EventsCounted,
    int EventsSkipped,
    IReadOnlyList<LeaderboardEntryResource> Rebuilt,
    IReadOnlyList<LeaderboardEntryResource> Stored,
    IReadOnlyList<BoardDifference> Differences)
{
    public BoardComparison(RebuiltBoard rebuilt, IReadOnlyList<BoardEntry> stored, IReadOnlyList<BoardDifference> differences)
        : this(
            (rebuilt ?? throw new ArgumentNullException(nameof(rebuilt))).Board, rebuilt.EventsRead, rebuilt.EventsCounted, rebuilt.EventsSkipped,
            LeaderboardEntryResource.From(rebuilt.Entries), LeaderboardEntryResource.From(stored), differences)
    {
    }

    /// <summary>True when every product has the same score on both.</summary>
    public bool Matches => Differences.Count == 0;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(LeaderboardResource))]
[JsonSerializable(typeof(BoardComparison))]
public sealed partial class InsightsJsonContext : JsonSerializerContext;
