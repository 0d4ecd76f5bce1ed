using Razors.Cli.Chaos;

namespace Razors.Cli.Tests.Chaos;

/// <summary>
/// The checks <c>razors chaos</c> ends with (tools/Razors.Cli/Chaos/ChaosVerdict.cs): a clean
/// run passes, and each kind of damage a run can leave is a violation in its own row.
/// </summary>
public sealed class when_a_chaos_run_is_judged
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private const string Poison = "chaos-poison-1";
    private const string ConsumerFailure = "chaos: the payments consumer fails on purpose";

    private static SagaOutcome Active(int n) =>
        new(Id(n), "razor-classic", Start.AddSeconds(n), "Active", 1, PaymentActive: true, "Allocated", 12);

    private static SagaOutcome Cancelled(int n) =>
        new(Id(n), "razor-classic", Start.AddSeconds(n), "Cancelled", 1, PaymentActive: false, "Released", 12);

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    /// <summary>Two sagas, one Active (12 units held) and one Cancelled; one kill; the poison and one consumer message in DLQs.</summary>
    private static ChaosObservations Clean() => new(
        SagasWanted: 2,
        Sagas: [Active(1), Cancelled(2)],
        KillsWanted: 1,
        StoreKills: [Start.AddMinutes(10)],
        HostStarts: 2,
        UnitsBefore: new Dictionary<string, int> { ["razor-classic"] = 100 },
        UnitsAfter: new Dictionary<string, int> { ["razor-classic"] = 88 },
        Letters: [new DeadLetter("razors-stock-inbound-dlq", $"{{\"marker\":\"{Poison}\"}}", "unknown event version")],
        Poison: [Poison],
        ConsumerLettersRedriven: 1);

    private static string[] Violations(ChaosObservations run) =>
        ChaosVerdict.Judge(run).Where(r => !r.Ok).Select(r => r.Check).ToArray();

    [Fact]
    public void a_clean_run_has_no_violation() => Assert.Empty(Violations(Clean()));

    [Fact]
    public void a_subscription_answered_as_created_and_gone_is_missing()
    {
        var gone = Active(3) with { Status = null, Payments = 0, PaymentActive = false, AllocationStatus = null };
        var run = Clean() with { SagasWanted = 3, Sagas = [Active(1), Cancelled(2), gone] };

        Assert.Equal(["missing subscriptions"], Violations(run));
        Assert.Equal([gone.Id], ChaosVerdict.Missing(run).Select(s => s.Id));
    }

    [Fact]
    public void a_subscription_gone_just_after_a_dynamodb_local_kill_with_nothing_raised_is_the_stores_loss()
    {
        var kill = Start.AddMinutes(10);
        var gone = Active(3) with { AnsweredAt = kill.AddMilliseconds(-300), Status = null, Payments = 0, PaymentActive = false, AllocationStatus = null };
        var run = Clean() with { SagasWanted = 3, Sagas = [Active(1), Cancelled(2), gone], StoreKills = [kill] };

        Assert.Empty(Violations(run));
        Assert.Equal([gone.Id], ChaosVerdict.LostByStore(run).Select(s => s.Id));
        Assert.Equal("1", ChaosVerdict.Judge(run).Single(r => r.Check.Contains("lost whole by DynamoDB Local", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void a_subscription_gone_near_a_kill_whose_events_were_raised_is_missing()
    {
        var kill = Start.AddMinutes(10);
        var gone = Active(3) with { AnsweredAt = kill, Status = null, AllocationStatus = "Allocated" };
        var run = Clean() with { SagasWanted = 3, Sagas = [Active(1), Cancelled(2), gone], StoreKills = [kill] };

        Assert.Contains("missing subscriptions", Violations(run));
        Assert.Empty(ChaosVerdict.LostByStore(run));
    }

    [Fact]
    public void a_pending_saga_is_stuck() =>
        Assert.Contains("stuck (not Active or Cancelled)", Violations(Clean() with { Sagas = [Active(1), Cancelled(2) with { Status = "Pending" }] }));

    [Fact]
    public void two_payments_for_one_subscription_are_a_double_effect() =>
        Assert.Equal(["payment not matching its saga"], Violations(Clean() with { Sagas = [Active(1) with { Payments = 2 }, Cancelled(2)] }));

    [Fact]
    public void a_cancelled_saga_whose_payment_still_collects_is_a_mismatch() =>
        Assert.Equal(["payment not matching its saga"], Violations(Clean() with { Sagas = [Active(1), Cancelled(2) with { PaymentActive = true }] }));

    [Fact]
    public void a_cancelled_saga_still_holding_units_breaks_the_allocation_and_the_units() =>
        Assert.Equal(
            ["allocation not matching its saga", "units not conserved"],
            Violations(Clean() with { Sagas = [Active(1), Cancelled(2) with { AllocationStatus = "Allocated" }] }));

    [Fact]
    public void units_given_back_twice_are_not_conserved() =>
        Assert.Equal(["units not conserved"], Violations(Clean() with { UnitsAfter = new Dictionary<string, int> { ["razor-classic"] = 100 } }));

    [Fact]
    public void a_message_in_a_dlq_that_is_not_poison_is_a_violation() =>
        Assert.Equal(
            ["DLQ messages left that are not poison"],
            Violations(Clean() with { Letters = [.. Clean().Letters, new DeadLetter("razors-payments-inbound-dlq", "{}", ConsumerFailure)] }));

    [Fact]
    public void a_dead_letter_without_a_reason_is_a_violation() =>
        Assert.Equal(
            ["DLQ messages without a reason"],
            Violations(Clean() with { Letters = [new DeadLetter("razors-stock-inbound-dlq", Poison, "")] }));

    [Fact]
    public void poison_that_reached_no_dlq_is_a_violation() =>
        Assert.Equal(["poison planted / found in a DLQ"], Violations(Clean() with { Letters = [] }));

    [Fact]
    public void a_run_whose_broken_consumer_dead_lettered_nothing_proved_nothing() =>
        Assert.Equal(["broken consumer's messages dead-lettered, then redriven"], Violations(Clean() with { ConsumerLettersRedriven = 0 }));

    [Fact]
    public void fewer_kills_or_starts_than_asked_for_are_violations() =>
        Assert.Equal(
            ["kills (host or DynamoDB Local)", "host starts"],
            Violations(Clean() with { StoreKills = [], HostStarts = 1 }));

    [Fact]
    public void a_saga_the_load_never_created_is_a_violation() =>
        Assert.Equal(["sagas created"], Violations(Clean() with { SagasWanted = 3 }));
}

public sealed class when_a_chaos_run_breaks_the_payments_consumer
{
    [Theory]
    [InlineData(60, 25)]
    [InlineData(10, 100)]
    [InlineData(3600, 15)]
    public void by_default_it_fails_long_enough_for_every_receive_to_fail(int factor, int seconds)
    {
        // payments' inbound queue: 180 s visibility, 5 receives (shared/Topology/Services/PaymentsTopology.cs).
        Assert.Equal(TimeSpan.FromSeconds(seconds), ChaosSettings.DefaultConsumerFailure(factor));
    }
}
