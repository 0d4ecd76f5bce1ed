using System.Text.Json;
using Razors.ServiceDefaults;
using Razors.Subscription.Domain;

namespace Razors.Subscription.Features.CreateSubscription;

/// <summary>
/// Reads the body of <c>POST /subscriptions</c>. The rule: a body that is not a JSON object of
/// Unicode text is <see cref="Malformed"/> (400); a JSON object with a field that is missing, of
/// the wrong JSON type, out of range, repeated or unknown, or an id outside the one id charset
/// (<see cref="ClientIds"/>), is <see cref="Invalid"/> (422), with every bad field named. JSON <c>null</c> counts as absent, so optional fields take their defaults.
/// </summary>
public abstract record CreateSubscriptionRequest
{
    public const int DefaultUnitsPerMonth = 1;
    public const int MaxUnitsPerMonth = 10;
    public const int DefaultMonths = 12;
    public const int MaxMonths = 24;
    public const decimal MaxMonthlyPrice = 1000m;
    public const string DefaultCurrency = "GBP";

    private static readonly string[] KnownFields =
        ["customerId", "productId", "unitsPerMonth", "months", "monthlyPrice", "currency"];

    private CreateSubscriptionRequest()
    {
    }

    public sealed record Valid(SubscriptionTerms Terms) : CreateSubscriptionRequest;

    public sealed record Malformed(string Detail) : CreateSubscriptionRequest;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : CreateSubscriptionRequest;

    public static CreateSubscriptionRequest Parse(ReadOnlyMemory<byte> body)
    {
        using var document = RequestJson.ParseObject(body, out var detail);
        return document is null ? new Malformed(detail!) : Read(document.RootElement);
    }

    private static CreateSubscriptionRequest Read(JsonElement body)
    {
        var errors = new FieldErrors();
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(property.Name, "is not a field of this request (names are case-sensitive).");
            }
            else if (!fields.TryAdd(property.Name, property.Value))
            {
                errors.Add(property.Name, "appears more than once.");
            }
        }

        var customerId = ReadId(fields, "customerId", errors);
        var productId = ReadId(fields, "productId", errors);
        var unitsPerMonth = ReadInt(fields, "unitsPerMonth", DefaultUnitsPerMonth, 1, MaxUnitsPerMonth, errors);
        var months = ReadInt(fields, "months", DefaultMonths, 1, MaxMonths, errors);
        var monthlyPrice = ReadPrice(fields, "monthlyPrice", errors);
        var currency = ReadCurrency(fields, "currency", errors);

        return errors.Any
            ? new Invalid(errors.ToDictionary())
            : new Valid(new SubscriptionTerms(customerId!, productId!, unitsPerMonth, months, monthlyPrice, currency!));
    }

    private static string? ReadId(Dictionary<string, JsonElement> fields, string name, FieldErrors errors)
    {
        if (!TryGet(fields, name, out var value))
        {
            errors.Add(name, "is required.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, "must be a string.");
            return null;
        }

        var text = value.GetString();
        if (!ClientIds.IsValid(text))
        {
            errors.Add(name, ClientIds.Rule);
            return null;
        }

        return text;
    }

    private static int ReadInt(Dictionary<string, JsonElement> fields, string name, int defaultValue, int min, int max, FieldErrors errors)
    {
        if (!TryGet(fields, name, out var value))
        {
            return defaultValue;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            errors.Add(name, "must be a whole number.");
            return defaultValue;
        }

        if (number < min || number > max)
        {
            errors.Add(name, $"must be from {min} to {max}.");
        }

        return number;
    }

    private static decimal ReadPrice(Dictionary<string, JsonElement> fields, string name, FieldErrors errors)
    {
        if (!TryGet(fields, name, out var value))
        {
            errors.Add(name, "is required.");
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var price))
        {
            errors.Add(name, "must be a number.");
            return 0;
        }

        if (price <= 0 || price > MaxMonthlyPrice)
        {
            errors.Add(name, $"must be more than 0 and at most {MaxMonthlyPrice}.");
        }
        else if (decimal.Round(price, 2) != price)
        {
            errors.Add(name, "must have at most 2 decimal places.");
        }

        return price;
    }

    private static string? ReadCurrency(Dictionary<string, JsonElement> fields, string name, FieldErrors errors)
    {
        if (!TryGet(fields, name, out var value))
        {
            return DefaultCurrency;
        }

        // The shape of an ISO 4217 alphabetic code; which codes are accepted is a pricing
        // decision, not a validation one.
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        if (text.Length != 3 || !text.All(char.IsAsciiLetterUpper))
        {
            errors.Add(name, "must be an ISO 4217 code: three upper-case letters, such as GBP.");
            return null;
        }

        return text;
    }

    private static bool TryGet(Dictionary<string, JsonElement> fields, string name, out JsonElement value) =>
        fields.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null;
}
