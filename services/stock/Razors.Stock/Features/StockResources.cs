using System.Text.Json.Serialization;
using Razors.Stock.Domain;

namespace Razors.Stock.Features;

/// <summary>A product's stock as the HTTP API shows it; <see cref="Version"/> is also its <c>ETag</c>.</summary>
public sealed record ProductResource(string ProductId, int UnitsOnHand, long Version)
{
    public static ProductResource From(ProductStock product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new(product.ProductId, product.UnitsOnHand, product.Version);
    }
}

/// <summary>A subscription's allocation as the HTTP API shows it.</summary>
public sealed record AllocationResource(
    Guid SubscriptionId,
    string? ProductId,
    int Units,
    AllocationStatus Status,
    long Version,
    DateTimeOffset ChangedAt,
    string? FailureReason)
{
    public static AllocationResource From(Allocation allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        return new(
            allocation.SubscriptionId, allocation.ProductId, allocation.Units, allocation.Status, allocation.Version,
            allocation.ChangedAt, allocation.FailureReason);
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProductResource))]
[JsonSerializable(typeof(AllocationResource))]
public sealed partial class StockJsonContext : JsonSerializerContext;
