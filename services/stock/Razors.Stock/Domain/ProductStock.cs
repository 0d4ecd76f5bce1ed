namespace Razors.Stock.Domain;

/// <summary>A product of the catalogue and the units of it on hand (never below zero).</summary>
public sealed record ProductStock(string ProductId, int UnitsOnHand)
{
    /// <summary>The subscription API's limit on product ids.</summary>
    public const int MaxIdLength = 64;

    public static bool IsValidId(string productId) =>
        !string.IsNullOrWhiteSpace(productId) && productId.Length <= MaxIdLength;
}
