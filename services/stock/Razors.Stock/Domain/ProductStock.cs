namespace Razors.Stock.Domain;

/// <summary>
/// A product of the catalogue and the units of it on hand (never below zero, never above
/// <see cref="MaxUnitsOnHand"/>). Its id is in the one id charset (Razors.ServiceDefaults.ClientIds),
/// checked where a client supplies it. <see cref="Version"/> is 1 when the product is added and grows
/// by one with every write of it, allocations and deallocations included; the HTTP API shows it
/// as the product's ETag, and a replacement of the units is conditional on it.
/// </summary>
public sealed record ProductStock(string ProductId, int UnitsOnHand, long Version)
{
    /// <summary>The most units of one product on hand, whichever write puts them there.</summary>
    public const int MaxUnitsOnHand = 1_000_000;
}
