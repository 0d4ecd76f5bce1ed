using System.Text.Json;
using Razors.ServiceDefaults;
using Razors.Stock.Domain;

namespace Razors.Stock.Features.Restock;

/// <summary>
/// Reads <c>PUT /stock/{productId}</c>. A body that is not a JSON object of Unicode text is
/// <see cref="Malformed"/> (400); an object whose <c>unitsOnHand</c> is missing, not a whole number or out of range, or
/// that has another or a repeated field, is <see cref="Invalid"/> (422) with each bad field named;
/// so is a product id outside the one id charset (<see cref="ClientIds"/>).
/// </summary>
public abstract record RestockRequest
{
    public const int MaxUnitsOnHand = 1_000_000;
    private const string UnitsField = "unitsOnHand";
    private const string ProductIdField = "productId";

    private RestockRequest()
    {
    }

    public sealed record Valid(ProductStock Product) : RestockRequest;

    public sealed record Malformed(string Detail) : RestockRequest;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : RestockRequest;

    public static RestockRequest Parse(string productId, ReadOnlyMemory<byte> body)
    {
        using var document = RequestJson.ParseObject(body, out var detail);
        return document is null ? new Malformed(detail!) : Read(productId, document.RootElement);
    }

    private static RestockRequest Read(string productId, JsonElement body)
    {
        var errors = new FieldErrors();
        if (!ClientIds.IsValid(productId))
        {
            errors.Add(ProductIdField, ClientIds.Rule);
        }

        JsonElement? units = null;
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name != UnitsField)
            {
                errors.Add(property.Name, "is not a field of this request (names are case-sensitive).");
            }
            else if (units is not null)
            {
                errors.Add(UnitsField, "appears more than once.");
            }
            else
            {
                units = property.Value;
            }
        }

        var unitsOnHand = 0;
        if (units is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(UnitsField, "is required.");
        }
        else if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out unitsOnHand))
        {
            errors.Add(UnitsField, "must be a whole number.");
        }
        else if (unitsOnHand is < 0 or > MaxUnitsOnHand)
        {
            errors.Add(UnitsField, $"must be from 0 to {MaxUnitsOnHand}.");
        }

        return errors.Any ? new Invalid(errors.ToDictionary()) : new Valid(new ProductStock(productId, unitsOnHand));
    }
}
