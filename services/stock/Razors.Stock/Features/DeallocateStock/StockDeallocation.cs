using Razors.Contracts;
using Razors.Messaging;
using Razors.Stock.Ports;

namespace Razors.Stock.Features.DeallocateStock;

/// <summary>
/// What both cancellations do: load the allocation, decide, and write the allocation, the
/// product's units, the event and the inbox marker in one transaction, retrying a lost race.
/// </summary>
public sealed class StockDeallocation(IStockStore store, IIdGenerator ids, ConflictRetry retry, TimeProvider time)
{
    public async Task DeallocateAsync(Guid subscriptionId, EventMetadata cause, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cause);
        await retry.RunAsync(
            async () =>
            {
                var existing = await store.GetAllocationAsync(subscriptionId, cancellationToken);
                var now = time.GetUtcNow();
                var change = new StockChange(cause.EventId, now);
                change = DeallocateStockDecider.Decide(existing, subscriptionId, now) switch
                {
                    DeallocateDecision.Deallocate deallocate => change with
                    {
                        After = deallocate.After,
                        UnitsTaken = -deallocate.After.Units,
                        Events = [StockEvents.ToOutbox(deallocate.Event, deallocate.After, ids.NewId(), now, cause)],
                    },
                    DeallocateDecision.CancelAhead ahead => change with { After = ahead.After },
                    _ => change,
                };
                return await store.SaveAsync(change, cancellationToken);
            },
            time,
            $"Deallocating the stock of subscription {subscriptionId:D}",
            cancellationToken);
    }
}
