using Razors.Stock.Domain;

namespace Razors.Stock.Ports;

/// <summary>Where products, allocations, outbox records and inbox markers live.</summary>
public interface IStockStore
{
    /// <summary>The product, read consistently, or null when it is not in the catalogue.</summary>
    Task<ProductStock?> GetProductAsync(string productId, CancellationToken cancellationToken);

    /// <summary>The subscription's allocation, read consistently, or null.</summary>
    Task<Allocation?> GetAllocationAsync(Guid subscriptionId, CancellationToken cancellationToken);

    /// <summary>Adds the products that are missing; existing ones keep their units. Returns the ones added.</summary>
    Task<IReadOnlyList<ProductStock>> SeedAsync(IEnumerable<ProductStock> products, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the product at version 1 if there is none with its id; <see cref="ProductWrite.Stale"/>
    /// when there is.
    /// </summary>
    Task<ProductWrite> AddProductAsync(string productId, int unitsOnHand, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the units on hand if the product is at <paramref name="expectedVersion"/>;
    /// <see cref="ProductWrite.Stale"/> when it is at another version or not there.
    /// </summary>
    Task<ProductWrite> SetUnitsOnHandAsync(string productId, int unitsOnHand, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="units"/> to the units on hand in one step, whatever else writes the
    /// product, unless that would take them over <see cref="ProductStock.MaxUnitsOnHand"/>
    /// (<see cref="ProductWrite.OverLimit"/>) or the product is not there (<see cref="ProductWrite.NotFound"/>).
    /// </summary>
    Task<ProductWrite> AddUnitsAsync(string productId, int units, CancellationToken cancellationToken);

    /// <summary>Writes the change atomically: all of it or none.</summary>
    Task<SaveResult> SaveAsync(StockChange change, CancellationToken cancellationToken);
}

/// <summary>Why a save wrote nothing, or that it wrote everything.</summary>
public enum SaveResult
{
    Saved,

    /// <summary>The inbox already holds the event: it was handled before, and nothing was written now.</summary>
    AlreadyHandled,

    /// <summary>
    /// The product or the allocation is not as the decision saw it (another writer won, or was
    /// writing it at the same moment): load and decide again.
    /// </summary>
    Conflict,
}

/// <summary>What a write of one product's units did, or why it wrote nothing.</summary>
public abstract record ProductWrite
{
    private ProductWrite()
    {
    }

    /// <summary>Written: the product as it is now, at its new version.</summary>
    public sealed record Written(ProductStock Product) : ProductWrite;

    /// <summary>The product is not at the version the write expected, or is there already for an add.</summary>
    public sealed record Stale : ProductWrite;

    /// <summary>No such product.</summary>
    public sealed record NotFound : ProductWrite;

    /// <summary>The units would go over <see cref="ProductStock.MaxUnitsOnHand"/>; <paramref name="Current"/> is the product as it is.</summary>
    public sealed record OverLimit(ProductStock Current) : ProductWrite;

    /// <summary>Another transaction was writing the product at that moment: nothing was written; try again.</summary>
    public sealed record Conflict : ProductWrite;
}
