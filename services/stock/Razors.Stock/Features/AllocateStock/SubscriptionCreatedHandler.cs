using Razors.Contracts;
using Razors.Messaging;
using Razors.Messaging.Consumers;
using Razors.Stock.Ports;

namespace Razors.Stock.Features.AllocateStock;

/// <summary>
/// Allocates a new subscription's units: load the allocation and the product, decide, and write
/// the allocation, the product's new units, the event and the inbox marker in one transaction.
/// A lost race loads and decides again (<see cref="ConflictRetry"/>); an event handled before
/// changes nothing.
/// </summary>
public sealed class SubscriptionCreatedHandler(IStockStore store, IIdGenerator ids, ConflictRetry retry, TimeProvider time)
    : IEventHandler<SubscriptionCreated>
{
    public async Task HandleAsync(EventEnvelope<SubscriptionCreated> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var created = envelope.Data;
        await retry.RunAsync(
            async () =>
            {
                var existing = await store.GetAllocationAsync(created.SubscriptionId, cancellationToken);
                var product = existing is null ? await store.GetProductAsync(created.ProductId, cancellationToken) : null;
                var now = time.GetUtcNow();
                var change = new StockChange(envelope.Metadata.EventId, now);
                change = AllocateStockDecider.Decide(existing, product, created, now) switch
                {
                    AllocateDecision.Allocate allocate => change with
                    {
                        After = allocate.After,
                        UnitsTaken = allocate.After.Units,
                        Events = [StockEvents.ToOutbox(allocate.Event, allocate.After, ids.NewId(), now, envelope.Metadata)],
                    },
                    AllocateDecision.Refuse refuse => change with
                    {
                        After = refuse.After,
                        ShortOf = refuse.Event.UnitsRequested,
                        Events = [StockEvents.ToOutbox(refuse.Event, refuse.After, ids.NewId(), now, envelope.Metadata)],
                    },
                    _ => change,
                };
                return await store.SaveAsync(change, cancellationToken);
            },
            time,
            $"Allocating stock to subscription {created.SubscriptionId:D}",
            cancellationToken);
    }
}
