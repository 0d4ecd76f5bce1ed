namespace Razors.Customers.Ports;

/// <summary>
/// The region replica (<c>razors-customers-by-region</c>): customers by state, then city and id,
/// without their postcode, kept from the customers table's stream.
/// </summary>
public interface IRegionDirectory
{
    /// <summary>
    /// One page of a state's customers (of one city, when <paramref name="city"/> is given), in
    /// city then id order; <paramref name="cursor"/> is a page's <see cref="RegionPage.NextCursor"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The cursor is not one this directory wrote (<c>ParamName</c> is <c>cursor</c>).</exception>
    Task<RegionPage> ListAsync(string state, string? city, int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the entry unless the replica holds the customer at this version or a later one; a
    /// removed entry (<see cref="RegionEntry.Removed"/>) stays as a tombstone for a while, so a late
    /// older image cannot bring the customer back. False when nothing was written.
    /// </summary>
    Task<bool> ApplyAsync(RegionEntry entry, CancellationToken cancellationToken);

    /// <summary>Every entry, tombstones included, in no order (for the backfill and the check).</summary>
    IAsyncEnumerable<RegionEntry> ScanAsync(CancellationToken cancellationToken);
}

/// <summary>A customer as the replica holds it.</summary>
public sealed record RegionEntry(string State, string City, Guid CustomerId, string Name, string Email, long Version)
{
    /// <summary>The customer was removed from the source table: queries skip the entry.</summary>
    public bool Removed { get; init; }
}

/// <summary>A page of a region query; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record RegionPage(IReadOnlyList<RegionEntry> Items, string? NextCursor);
