using System.Collections.Concurrent;
using Razors.Contracts;
using Razors.Stock.Domain;
using Razors.Stock.Features;
using Razors.Stock.Ports;
using Razors.Stock.Tests.Unit;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Stock.Tests.Store;

/// <summary>
/// Stock under contention: a burst of subscriptions for one product, read from the
/// inbound queue by many consumers at once, every one writing that product's item.
/// </summary>
public sealed class when_a_burst_for_one_product_meets_many_consumers(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    private const int Consumers = 16;
    private const int Subscriptions = 200;
    private const int UnitsPerSubscription = 12;
    private const int UnitsOnHand = 1000;

    [Fact]
    public async Task every_allocation_is_decided_the_units_are_conserved_and_nothing_is_dead_lettered()
    {
        await StockAsync("razor-classic", UnitsOnHand);
        var ids = Enumerable.Range(0, Subscriptions).Select(_ => Guid.CreateVersion7()).ToList();

        var deadLettered = await ConsumeAsync(ids);

        Assert.Empty(deadLettered);
        var statuses = await StatusesAsync(ids);
        var allocated = statuses.Count(s => s == AllocationStatus.Allocated);
        Assert.Equal(Subscriptions, allocated + statuses.Count(s => s == AllocationStatus.Failed));
        var product = (await Store.GetProductAsync("razor-classic", Ct))!;
        Assert.Equal(UnitsOnHand, product.UnitsOnHand + (allocated * UnitsPerSubscription));

        // Refusals are true when committed, so allocation stops only when fewer than 12 are left.
        Assert.Equal(UnitsOnHand / UnitsPerSubscription, allocated);
        Assert.Equal(1 + allocated, product.Version);
        var types = (await OutboxAsync()).Select(e => (string)e["metadata"]!["eventType"]!).ToList();
        Assert.Equal(
            (allocated, Subscriptions - allocated),
            (types.Count(t => t == EventTypes.StockAllocated.Id), types.Count(t => t == EventTypes.StockAllocationFailed.Id)));
    }

    [Fact]
    public async Task restocks_in_the_middle_of_the_burst_all_count_once()
    {
        const int restocks = 20;
        const int unitsPerRestock = 60;
        await StockAsync("razor-classic", UnitsOnHand);
        var ids = Enumerable.Range(0, Subscriptions).Select(_ => Guid.CreateVersion7()).ToList();

        var consuming = ConsumeAsync(ids);
        var restocking = Enumerable.Range(0, restocks).Select(_ => Task.Run(
            async () => Assert.IsType<ProductWrite.Written>(await ConflictRetry.Default.RunAsync(
                () => Store.AddUnitsAsync("razor-classic", unitsPerRestock, Ct), TimeProvider.System, "Restocking", Ct)),
            Ct));
        await Task.WhenAll(restocking);

        Assert.Empty(await consuming);
        var statuses = await StatusesAsync(ids);
        var allocated = statuses.Count(s => s == AllocationStatus.Allocated);
        Assert.Equal(Subscriptions, allocated + statuses.Count(s => s == AllocationStatus.Failed));
        var product = (await Store.GetProductAsync("razor-classic", Ct))!;
        Assert.Equal(UnitsOnHand + (restocks * unitsPerRestock), product.UnitsOnHand + (allocated * UnitsPerSubscription));
        Assert.Equal(1 + restocks + allocated, product.Version);
    }

    /// <summary>
    /// The inbound queue as SQS runs it: <see cref="Consumers"/> consumers each take the next
    /// message; one whose handler throws is received again, and after the queue's maxReceiveCount
    /// it goes to the dead-letter queue instead. Returns what was dead-lettered.
    /// </summary>
    private async Task<List<Guid>> ConsumeAsync(IReadOnlyList<Guid> subscriptionIds)
    {
        var maxReceiveCount = StockTopology.Inbound.Redrive!.MaxReceiveCount;
        var queue = new ConcurrentQueue<(EventEnvelope<SubscriptionCreated> Envelope, int Receives)>(
            subscriptionIds.Select(id => (Samples.Envelope(Samples.Created(id)), 0)));
        var deadLettered = new ConcurrentBag<Guid>();
        var redelivered = 0;
        await Task.WhenAll(Enumerable.Range(0, Consumers).Select(_ => Task.Run(
            async () =>
            {
                var handler = CreatedHandler();
                while (queue.TryDequeue(out var message))
                {
                    try
                    {
                        await handler.HandleAsync(message.Envelope, Ct);
                    }
                    catch (StockConflictException)
                    {
                        if (message.Receives + 1 >= maxReceiveCount)
                        {
                            deadLettered.Add(message.Envelope.Data.SubscriptionId);
                        }
                        else
                        {
                            Interlocked.Increment(ref redelivered);
                            queue.Enqueue((message.Envelope, message.Receives + 1));
                        }
                    }
                }
            },
            Ct)));
        TestContext.Current.TestOutputHelper?.WriteLine($"{redelivered} deliveries lost every race and were received again.");
        return [.. deadLettered];
    }

    private async Task<List<AllocationStatus>> StatusesAsync(IEnumerable<Guid> ids)
    {
        var statuses = new List<AllocationStatus>();
        foreach (var id in ids)
        {
            statuses.Add((await Store.GetAllocationAsync(id, Ct))?.Status ?? throw new InvalidOperationException($"Subscription {id} was never decided."));
        }

        return statuses;
    }
}
