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

    /// <summary>Sets the units on hand, adding the product if it is new; true when it was added.</summary>
    Task<bool> SetUnitsOnHandAsync(ProductStock product, CancellationToken cancellationToken);

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
