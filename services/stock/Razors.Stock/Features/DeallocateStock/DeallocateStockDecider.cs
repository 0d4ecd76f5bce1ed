using Razors.Contracts;
using Razors.Stock.Domain;

namespace Razors.Stock.Features.DeallocateStock;

/// <summary>
/// A cancelled subscription gives its allocated units back, once. A cancellation that finds no
/// allocation came before the subscription's creation (queues do not keep order): it leaves a
/// <see cref="AllocationStatus.Cancelled"/> allocation so the late creation takes nothing.
/// A refused, deallocated or cancelled allocation changes nothing.
/// </summary>
public static class DeallocateStockDecider
{
    public static DeallocateDecision Decide(Allocation? existing, Guid subscriptionId, DateTimeOffset now)
    {
        if (existing is null)
        {
            return new DeallocateDecision.CancelAhead(
                new Allocation(subscriptionId, ProductId: null, Units: 0, AllocationStatus.Cancelled, Version: 1, now));
        }

        if (existing.Status != AllocationStatus.Allocated)
        {
            return new DeallocateDecision.NothingToGiveBack(existing);
        }

        var after = existing with { Status = AllocationStatus.Deallocated, Version = existing.Version + 1, ChangedAt = now };
        return new DeallocateDecision.Deallocate(after, new StockDeallocated
        {
            SubscriptionId = existing.SubscriptionId,
            ProductId = existing.ProductId!,
            Units = existing.Units,
        });
    }
}

/// <summary>The outcome of <see cref="DeallocateStockDecider.Decide"/>.</summary>
public abstract record DeallocateDecision
{
    private DeallocateDecision()
    {
    }

    /// <summary>Put the units back: the product's units go up by <c>After.Units</c>.</summary>
    public sealed record Deallocate(Allocation After, StockDeallocated Event) : DeallocateDecision;

    /// <summary>Nothing was allocated yet: record the cancellation so nothing will be. Raises nothing.</summary>
    public sealed record CancelAhead(Allocation After) : DeallocateDecision;

    /// <summary>Nothing is allocated: refused, given back before, or cancelled ahead. Changes nothing.</summary>
    public sealed record NothingToGiveBack(Allocation Existing) : DeallocateDecision;
}
