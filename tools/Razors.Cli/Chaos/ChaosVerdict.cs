using System.Globalization;

namespace Razors.Cli.Chaos;

/// <summary>
/// What a chaos run saw of one saga once everything was quiet: when <c>POST /subscriptions</c>
/// answered 201 or 200 with its id, its status (null when <c>GET /subscriptions/{id}</c> found
/// none), how many payments name it and whether one is active, and stock's allocation for it
/// (null when there is none).
/// </summary>
internal sealed record SagaOutcome(
    Guid Id, string Product, DateTimeOffset AnsweredAt, string? Status, int Payments, bool PaymentActive, string? AllocationStatus, int AllocatedUnits);

/// <summary>A message found in a DLQ, with the reason it carries (empty when it carries none).</summary>
internal sealed record DeadLetter(string Queue, string Body, string Reason);

/// <summary>
/// Everything a chaos run measured, for <see cref="ChaosVerdict.Judge"/>. <c>StoreKills</c> are
/// the moments DynamoDB Local died by SIGKILL (killed itself, or with its host, by the
/// parent-death signal); <c>ConsumerLettersRedriven</c> counts the deliberately failing
/// consumer's messages found in its DLQ and redriven.
/// </summary>
internal sealed record ChaosObservations(
    int SagasWanted,
    IReadOnlyCollection<SagaOutcome> Sagas,
    int KillsWanted,
    IReadOnlyList<DateTimeOffset> StoreKills,
    int HostStarts,
    IReadOnlyDictionary<string, int> UnitsBefore,
    IReadOnlyDictionary<string, int> UnitsAfter,
    IReadOnlyList<DeadLetter> Letters,
    IReadOnlyList<string> Poison,
    int ConsumerLettersRedriven);

/// <summary>One line of the verdict table.</summary>
internal sealed record VerdictRow(string Check, string Value, bool Ok);

/// <summary>
/// The checks of <c>razors chaos</c>: nothing committed missing, stuck or doubled; DLQs holding
/// exactly the planted poison and the broken consumer's messages, each with its reason.
/// </summary>
internal static class ChaosVerdict
{
    /// <summary>
    /// How close to a SIGKILL of DynamoDB Local an answered write must be for its loss to be
    /// DynamoDB Local's: the jar can answer a write before it is on disk, and SIGKILL then loses
    /// it whole (docs/aws-semantics.md §9).
    /// </summary>
    public static readonly TimeSpan StoreLossWindow = TimeSpan.FromSeconds(5);

    /// <summary>Subscriptions DynamoDB Local lost on a SIGKILL: answered just before one, and nothing downstream ever heard of them.</summary>
    public static IReadOnlyList<SagaOutcome> LostByStore(ChaosObservations run) =>
        run.Sagas.Where(s => s.Status is null && RaisedNothing(s) && NearStoreKill(s, run.StoreKills)).ToList();

    /// <summary>Subscriptions answered as created that are gone with no DynamoDB Local kill to blame, or whose events were raised.</summary>
    public static IReadOnlyList<SagaOutcome> Missing(ChaosObservations run) =>
        run.Sagas.Where(s => s.Status is null && !(RaisedNothing(s) && NearStoreKill(s, run.StoreKills))).ToList();

    public static IReadOnlyList<VerdictRow> Judge(ChaosObservations run)
    {
        var lostByStore = LostByStore(run).Select(s => s.Id).ToHashSet();
        var kept = run.Sagas.Where(s => !lostByStore.Contains(s.Id)).ToList();
        var missing = Missing(run).Count;
        var active = kept.Count(s => s.Status == "Active");
        var cancelled = kept.Count(s => s.Status == "Cancelled");
        var stuck = kept.Count(s => s.Status is not (null or "Active" or "Cancelled"));
        // A subscription has at most one payment (payments keys them by subscription), active
        // while the subscription is; and an allocation holds units exactly while it is Active.
        var paymentMismatch = kept.Count(s => s.Payments > 1 || s.PaymentActive != (s.Status == "Active"));
        var allocationMismatch = kept.Count(s => (s.AllocationStatus == "Allocated") != (s.Status == "Active"));
        var allocated = kept.Where(s => s.AllocationStatus == "Allocated")
            .GroupBy(s => s.Product, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.AllocatedUnits), StringComparer.Ordinal);
        var unitsOff = run.UnitsBefore.Sum(p =>
            Math.Abs(p.Value - run.UnitsAfter.GetValueOrDefault(p.Key) - allocated.GetValueOrDefault(p.Key)));

        var withoutReason = run.Letters.Count(l => l.Reason.Length == 0);
        var poisonLetters = run.Letters.Count(l => run.Poison.Any(m => l.Body.Contains(m, StringComparison.Ordinal)));
        var unexpected = run.Letters.Count - poisonLetters;
        var poisonFound = run.Poison.Count(m => run.Letters.Any(l => l.Body.Contains(m, StringComparison.Ordinal)));

        return
        [
            new("sagas created", Count(run.Sagas.Count), run.Sagas.Count == run.SagasWanted),
            new("  Active / Cancelled", $"{active} / {cancelled}", true),
            new("missing subscriptions", Count(missing), missing == 0),
            new("  lost whole by DynamoDB Local on SIGKILL, nothing raised", Count(lostByStore.Count), true),
            new("stuck (not Active or Cancelled)", Count(stuck), stuck == 0),
            new("payment not matching its saga", Count(paymentMismatch), paymentMismatch == 0),
            new("allocation not matching its saga", Count(allocationMismatch), allocationMismatch == 0),
            new("units not conserved", Count(unitsOff), unitsOff == 0),
            new("kills (host or DynamoDB Local)", Count(run.StoreKills.Count), run.StoreKills.Count == run.KillsWanted),
            new("host starts", Count(run.HostStarts), run.HostStarts == run.KillsWanted + 1),
            new("broken consumer's messages dead-lettered, then redriven", Count(run.ConsumerLettersRedriven), run.ConsumerLettersRedriven > 0),
            new("poison planted / found in a DLQ", $"{run.Poison.Count} / {poisonFound}", poisonFound == run.Poison.Count),
            new("DLQ messages left that are not poison", Count(unexpected), unexpected == 0),
            new("DLQ messages without a reason", Count(withoutReason), withoutReason == 0),
        ];
    }

    private static bool RaisedNothing(SagaOutcome saga) => saga.Payments == 0 && saga.AllocationStatus is null;

    private static bool NearStoreKill(SagaOutcome saga, IReadOnlyList<DateTimeOffset> kills) =>
        kills.Any(k => (saga.AnsweredAt - k).Duration() <= StoreLossWindow);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
