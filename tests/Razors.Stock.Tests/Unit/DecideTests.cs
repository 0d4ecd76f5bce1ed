using Razors.Contracts;
using Razors.Stock.Domain;
using Razors.Stock.Features.AllocateStock;
using Razors.Stock.Features.DeallocateStock;

namespace Razors.Stock.Tests.Unit;

public sealed class when_enough_units_are_on_hand
{
    private static readonly Guid Id = SequentialIds.Id(7);

    [Fact]
    public void units_per_month_times_months_are_allocated_at_version_1()
    {
        var decision = AllocateStockDecider.Decide(
            null, new ProductStock("razor-classic", 24, 1), Samples.Created(Id, unitsPerMonth: 2, months: 12), Samples.Now);

        var allocate = Assert.IsType<AllocateDecision.Allocate>(decision);
        Assert.Equal(new Allocation(Id, "razor-classic", 24, AllocationStatus.Allocated, 1, Samples.Now), allocate.After);
        Assert.Equal(new StockAllocated { SubscriptionId = Id, ProductId = "razor-classic", Units = 24 }, allocate.Event);
    }
}

public sealed class when_stock_is_short
{
    private static readonly Guid Id = SequentialIds.Id(7);

    [Fact]
    public void nothing_is_taken_and_the_refusal_says_what_was_on_hand()
    {
        var decision = AllocateStockDecider.Decide(null, new ProductStock("razor-travel", 11, 1), Samples.Created(Id, "razor-travel"), Samples.Now);

        var refuse = Assert.IsType<AllocateDecision.Refuse>(decision);
        Assert.Equal(
            new StockAllocationFailed
            {
                SubscriptionId = Id,
                ProductId = "razor-travel",
                UnitsRequested = 12,
                UnitsAvailable = 11,
                Reason = "Only 11 units of razor-travel on hand; 12 requested.",
            },
            refuse.Event);
        Assert.Equal(
            new Allocation(Id, "razor-travel", 12, AllocationStatus.Failed, 1, Samples.Now) { FailureReason = refuse.Event.Reason },
            refuse.After);
    }

    [Fact]
    public void an_unknown_product_is_refused_with_nothing_available()
    {
        var decision = AllocateStockDecider.Decide(null, null, Samples.Created(Id, "razor-gold"), Samples.Now);

        var refuse = Assert.IsType<AllocateDecision.Refuse>(decision);
        Assert.Equal((0, "razor-gold is not in the catalogue; 12 requested."), (refuse.Event.UnitsAvailable, refuse.Event.Reason));
        Assert.Equal(AllocationStatus.Failed, refuse.After.Status);
    }
}

public sealed class when_the_subscriptions_stock_was_decided_before
{
    private static readonly Guid Id = SequentialIds.Id(7);

    public static TheoryData<AllocationStatus> Statuses => new(Enum.GetValues<AllocationStatus>());

    [Theory]
    [MemberData(nameof(Statuses))]
    public void a_creation_changes_nothing(AllocationStatus status)
    {
        var existing = Samples.Allocated(Id) with { Status = status };

        var decision = AllocateStockDecider.Decide(existing, new ProductStock("razor-classic", 1000, 1), Samples.Created(Id), Samples.Now);

        Assert.Equal(existing, Assert.IsType<AllocateDecision.AlreadyDecided>(decision).Existing);
    }
}

public sealed class when_a_subscription_created_event_is_out_of_range
{
    [Theory]
    [InlineData(0, 12)]
    [InlineData(1, 0)]
    public void units_below_one_are_rejected_so_the_event_goes_to_the_dead_letter_queue(int unitsPerMonth, int months)
    {
        var created = Samples.Created(SequentialIds.Id(7), unitsPerMonth: unitsPerMonth, months: months);

        Assert.Throws<ArgumentOutOfRangeException>(() => AllocateStockDecider.Decide(null, new ProductStock("razor-classic", 10, 1), created, Samples.Now));
    }

    [Fact]
    public void units_that_overflow_are_rejected_rather_than_wrapped()
    {
        var created = Samples.Created(SequentialIds.Id(7), unitsPerMonth: int.MaxValue, months: 2);

        Assert.Throws<OverflowException>(() => AllocateStockDecider.Decide(null, new ProductStock("razor-classic", 10, 1), created, Samples.Now));
    }
}

public sealed class when_an_allocated_subscription_is_cancelled
{
    private static readonly DateTimeOffset Later = Samples.Now.AddDays(3);

    [Fact]
    public void its_units_go_back_at_the_next_version()
    {
        var allocated = Samples.Allocated(SequentialIds.Id(7), units: 24, version: 1);

        var decision = DeallocateStockDecider.Decide(allocated, allocated.SubscriptionId, Later);

        var deallocate = Assert.IsType<DeallocateDecision.Deallocate>(decision);
        Assert.Equal(allocated with { Status = AllocationStatus.Deallocated, Version = 2, ChangedAt = Later }, deallocate.After);
        Assert.Equal(new StockDeallocated { SubscriptionId = allocated.SubscriptionId, ProductId = "razor-classic", Units = 24 }, deallocate.Event);
    }
}

public sealed class when_a_cancellation_finds_nothing_allocated
{
    private static readonly Guid Id = SequentialIds.Id(7);

    [Fact]
    public void a_cancellation_before_the_creation_leaves_a_cancelled_allocation_of_nothing()
    {
        var decision = DeallocateStockDecider.Decide(null, Id, Samples.Now);

        Assert.Equal(
            new Allocation(Id, null, 0, AllocationStatus.Cancelled, 1, Samples.Now),
            Assert.IsType<DeallocateDecision.CancelAhead>(decision).After);
    }

    [Theory]
    [InlineData(AllocationStatus.Failed)]
    [InlineData(AllocationStatus.Deallocated)]
    [InlineData(AllocationStatus.Cancelled)]
    public void a_refused_given_back_or_cancelled_allocation_changes_nothing(AllocationStatus status)
    {
        var existing = Samples.Allocated(Id, version: 2) with { Status = status };

        var decision = DeallocateStockDecider.Decide(existing, Id, Samples.Now.AddDays(1));

        Assert.Equal(existing, Assert.IsType<DeallocateDecision.NothingToGiveBack>(decision).Existing);
    }
}
