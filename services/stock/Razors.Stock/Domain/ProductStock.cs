namespace Razors.Stock.Domain;

/// <summary>
/// A product of the catalogue and the units of it on hand (never below zero, never above
/// <see cref="MaxUnitsOnHand"/>). <see cref="Version"/> is 1 when the product is added and grows
/// by one with every write of it, allocations and deallocations included; the HTTP API shows it
/// as the product's ETag, and a replacement of the units is conditional on it.
/// </summary>
public sealed record ProductStock(string ProductId, int UnitsOnHand, long Version)
{
    /// <summary>The subscription API's limit on product ids.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The most units of one product on hand, whichever write puts them there.</summary>
    public const int MaxUnitsOnHand = 1_000_000;

    public static bool IsValidId(string productId) =>
        !string.IsNullOrWhiteSpace(productId) && productId.Length <= MaxIdLength;
}
