using System.Text.Json;
using Razors.ServiceDefaults;
using Razors.Stock.Domain;

namespace Razors.Stock.Features;

/// <summary>
/// Reads a body that holds one count of units, <c>{ "&lt;field&gt;": n }</c>, for the route's
/// product. A body that is not a JSON object of Unicode text is <see cref="Malformed"/> (400); an
/// object whose field is missing, not a whole number or out of range, or that has another or a
/// repeated field, is <see cref="Invalid"/> (422) with each bad field named; so is a product id
/// outside the one id charset (<see cref="ClientIds"/>).
/// </summary>
public abstract record UnitsRequest
{
    /// <summary>The field of a restock's units, which a restock over the limit names too.</summary>
    public const string RestockField = "units";

    public const int MaxRestock = 100_000;
    private const string ProductIdField = "productId";

    private UnitsRequest()
    {
    }

    public sealed record Valid(string ProductId, int Units) : UnitsRequest;

    public sealed record Malformed(string Detail) : UnitsRequest;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : UnitsRequest;

    /// <summary>The units of <c>PUT /stock/{productId}</c>: <c>unitsOnHand</c>, from 0 to 1,000,000.</summary>
    public static UnitsRequest ParseUnitsOnHand(string productId, ReadOnlyMemory<byte> body) =>
        Parse(productId, body, "unitsOnHand", 0, ProductStock.MaxUnitsOnHand);

    /// <summary>The units of <c>POST /stock/{productId}/restock</c>: <c>units</c>, from 1 to 100,000.</summary>
    public static UnitsRequest ParseRestock(string productId, ReadOnlyMemory<byte> body) =>
        Parse(productId, body, RestockField, 1, MaxRestock);

    private static UnitsRequest Parse(string productId, ReadOnlyMemory<byte> body, string field, int min, int max)
    {
        using var document = RequestJson.ParseObject(body, out var detail);
        return document is null ? new Malformed(detail!) : Read(productId, document.RootElement, field, min, max);
    }

    private static UnitsRequest Read(string productId, JsonElement body, string field, int min, int max)
    {
        var errors = new FieldErrors();
        if (!ClientIds.IsValid(productId))
        {
            errors.Add(ProductIdField, ClientIds.Rule);
        }

        JsonElement? units = null;
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name != field)
            {
                errors.Add(property.Name, "is not a field of this request (names are case-sensitive).");
            }
            else if (units is not null)
            {
                errors.Add(field, "appears more than once.");
            }
            else
            {
                units = property.Value;
            }
        }

        var count = 0;
        if (units is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(field, "is required.");
        }
        else if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out count))
        {
            errors.Add(field, "must be a whole number.");
        }
        else if (count < min || count > max)
        {
            errors.Add(field, $"must be from {min} to {max}.");
        }

        return errors.Any ? new Invalid(errors.ToDictionary()) : new Valid(productId, count);
    }
}
