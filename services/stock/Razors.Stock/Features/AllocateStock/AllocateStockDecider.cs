using Razors.Contracts;
using Razors.Stock.Domain;

namespace Razors.Stock.Features.AllocateStock;

/// <summary>
/// A new subscription takes <c>UnitsPerMonth × Months</c> units of its product for its whole
/// term, if that many are on hand; otherwise nothing is taken and the refusal is recorded. A
/// subscription whose stock was decided before (allocated, refused, or cancelled before it was
/// created) changes nothing.
/// </summary>
public static class AllocateStockDecider
{
    public static AllocateDecision Decide(Allocation? existing, ProductStock? product, SubscriptionCreated created, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(created);
        if (existing is not null)
        {
            return new AllocateDecision.AlreadyDecided(existing);
        }

        var units = UnitsFor(created);
        var available = product?.UnitsOnHand ?? 0;
        if (product is null || available < units)
        {
            var reason = product is null
                ? $"{created.ProductId} is not in the catalogue; {units} requested."
                : $"Only {available} units of {created.ProductId} on hand; {units} requested.";
            var failed = new Allocation(created.SubscriptionId, created.ProductId, units, AllocationStatus.Failed, Version: 1, now)
            {
                FailureReason = reason,
            };
            return new AllocateDecision.Refuse(failed, new StockAllocationFailed
            {
                SubscriptionId = created.SubscriptionId,
                ProductId = created.ProductId,
                UnitsRequested = units,
                UnitsAvailable = available,
                Reason = reason,
            });
        }

        var allocated = new Allocation(created.SubscriptionId, created.ProductId, units, AllocationStatus.Allocated, Version: 1, now);
        return new AllocateDecision.Allocate(allocated, new StockAllocated
        {
            SubscriptionId = created.SubscriptionId,
            ProductId = created.ProductId,
            Units = units,
        });
    }

    /// <summary>
    /// The subscription API accepts 1–10 units a month for 1–24 months; an event outside any
    /// sane range is a defect upstream, so it fails here and goes to the dead-letter queue.
    /// </summary>
    private static int UnitsFor(SubscriptionCreated created)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(created.UnitsPerMonth, 1, nameof(created));
        ArgumentOutOfRangeException.ThrowIfLessThan(created.Months, 1, nameof(created));
        return checked(created.UnitsPerMonth * created.Months);
    }
}

/// <summary>The outcome of <see cref="AllocateStockDecider.Decide"/>.</summary>
public abstract record AllocateDecision
{
    private AllocateDecision()
    {
    }

    /// <summary>Take the units: the product's units go down by <c>After.Units</c>.</summary>
    public sealed record Allocate(Allocation After, StockAllocated Event) : AllocateDecision;

    /// <summary>Take nothing, and record why.</summary>
    public sealed record Refuse(Allocation After, StockAllocationFailed Event) : AllocateDecision;

    /// <summary>The subscription's stock was decided before; nothing changes.</summary>
    public sealed record AlreadyDecided(Allocation Existing) : AllocateDecision;
}
