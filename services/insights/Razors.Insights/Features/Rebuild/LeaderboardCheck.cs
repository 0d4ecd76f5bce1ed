using System.Text.Json;
using Razors.Insights.Ports;

namespace Razors.Insights.Features.Rebuild;

/// <summary>
/// Recomputes a board from event envelopes (<see cref="LeaderboardRebuild"/>) and compares it with
/// the stored one. It writes nothing: the comparison says whether the read model can be trusted.
/// </summary>
public sealed class LeaderboardCheck(IInsightsStore store)
{
    public async Task<BoardComparison> CompareAsync(string board, IEnumerable<JsonElement> envelopes, CancellationToken cancellationToken)
    {
        var rebuilt = LeaderboardRebuild.Recompute(board, envelopes);
        var stored = LeaderboardRebuild.Ranked(await store.GetBoardAsync(board, top: null, cancellationToken));
        return new BoardComparison(rebuilt, stored, LeaderboardRebuild.Compare(rebuilt.Entries, stored));
    }
}
