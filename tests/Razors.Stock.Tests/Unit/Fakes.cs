using Razors.Messaging;
using Razors.Messaging.Outbox;
using Razors.Stock.Domain;
using Razors.Stock.Ports;

namespace Razors.Stock.Tests.Unit;

/// <summary>Ids 00000000-0000-0000-0000-000000000001, …002, … in order.</summary>
public sealed class SequentialIds : IIdGenerator
{
    private int next;

    public Guid NewId() => Id(++next);

    public static Guid Id(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");
}

/// <summary>
/// Keeps what a save would commit, with the same all-or-nothing conditions as the DynamoDB store.
/// <see cref="Rivals"/> are other writers that commit between a handler's load and its save.
/// </summary>
public sealed class InMemoryStockStore : IStockStore
{
    private readonly Dictionary<string, ProductStock> catalogue = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Allocation> allocations = [];
    private readonly HashSet<Guid> inbox = [];

    public List<OutboxRecord> Outbox { get; } = [];

    /// <summary>Each runs just before one save, in order.</summary>
    public Queue<Action<InMemoryStockStore>> Rivals { get; } = new();

    public int Saves { get; private set; }

    public IReadOnlySet<Guid> Inbox => inbox;

    public void Add(ProductStock product) => catalogue[product.ProductId] = product;

    public void Add(Allocation allocation) => allocations[allocation.SubscriptionId] = allocation;

    /// <summary>What another writer of the allocation does: move its version on.</summary>
    public void ChangeAllocation(Guid subscriptionId) =>
        allocations[subscriptionId] = allocations[subscriptionId] with { Version = allocations[subscriptionId].Version + 1 };

    public int UnitsOf(string productId) => catalogue[productId].UnitsOnHand;

    public Task<ProductStock?> GetProductAsync(string productId, CancellationToken cancellationToken) =>
        Task.FromResult(catalogue.GetValueOrDefault(productId));

    public Task<Allocation?> GetAllocationAsync(Guid subscriptionId, CancellationToken cancellationToken) =>
        Task.FromResult(allocations.GetValueOrDefault(subscriptionId));

    public Task<IReadOnlyList<ProductStock>> SeedAsync(IEnumerable<ProductStock> products, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProductStock>>(products.Where(p => catalogue.TryAdd(p.ProductId, p)).ToList());

    public Task<ProductWrite> AddProductAsync(string productId, int unitsOnHand, CancellationToken cancellationToken) =>
        Task.FromResult<ProductWrite>(catalogue.TryAdd(productId, new ProductStock(productId, unitsOnHand, 1))
            ? new ProductWrite.Written(catalogue[productId])
            : new ProductWrite.Stale());

    public Task<ProductWrite> SetUnitsOnHandAsync(string productId, int unitsOnHand, long expectedVersion, CancellationToken cancellationToken)
    {
        if (catalogue.GetValueOrDefault(productId) is not { } product || product.Version != expectedVersion)
        {
            return Task.FromResult<ProductWrite>(new ProductWrite.Stale());
        }

        catalogue[productId] = product with { UnitsOnHand = unitsOnHand, Version = product.Version + 1 };
        return Task.FromResult<ProductWrite>(new ProductWrite.Written(catalogue[productId]));
    }

    public Task<ProductWrite> AddUnitsAsync(string productId, int units, CancellationToken cancellationToken)
    {
        if (catalogue.GetValueOrDefault(productId) is not { } product)
        {
            return Task.FromResult<ProductWrite>(new ProductWrite.NotFound());
        }

        if (product.UnitsOnHand + units > ProductStock.MaxUnitsOnHand)
        {
            return Task.FromResult<ProductWrite>(new ProductWrite.OverLimit(product));
        }

        catalogue[productId] = product with { UnitsOnHand = product.UnitsOnHand + units, Version = product.Version + 1 };
        return Task.FromResult<ProductWrite>(new ProductWrite.Written(catalogue[productId]));
    }

    public Task<SaveResult> SaveAsync(StockChange change, CancellationToken cancellationToken)
    {
        if (Rivals.TryDequeue(out var rival))
        {
            rival(this);
        }

        if (inbox.Contains(change.HandledEventId))
        {
            return Task.FromResult(SaveResult.AlreadyHandled);
        }

        if (change.After is { } after && !Holds(change, after))
        {
            return Task.FromResult(SaveResult.Conflict);
        }

        Saves++;
        inbox.Add(change.HandledEventId);
        if (change.After is { } saved)
        {
            allocations[saved.SubscriptionId] = saved;
            if (change.UnitsTaken != 0)
            {
                var product = catalogue[saved.ProductId!];
                catalogue[product.ProductId] = product with { UnitsOnHand = product.UnitsOnHand - change.UnitsTaken, Version = product.Version + 1 };
            }
        }

        Outbox.AddRange(change.Events);
        return Task.FromResult(SaveResult.Saved);
    }

    private bool Holds(StockChange change, Allocation after)
    {
        var stored = allocations.GetValueOrDefault(after.SubscriptionId);
        var product = after.ProductId is null ? null : catalogue.GetValueOrDefault(after.ProductId);
        return (stored?.Version ?? 0) == after.Version - 1
            && (change.UnitsTaken <= 0 || product?.UnitsOnHand >= change.UnitsTaken)
            && (change.ShortOf == 0 || product is null || product.UnitsOnHand < change.ShortOf);
    }
}
