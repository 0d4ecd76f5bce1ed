using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Razors.Subscription.Domain;

namespace Razors.Subscription.Features.CreateSubscription;

/// <summary>
/// Identifies a create request by its meaning, not its bytes: field order, white space, defaults
/// spelled out or left off, and 12.5 versus 12.50 give the same hash.
/// </summary>
internal static class RequestHash
{
    public static string Of(SubscriptionTerms terms)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            // A JSON array keeps every string unambiguous, whatever characters it holds.
            writer.WriteStartArray();
            writer.WriteStringValue(terms.CustomerId);
            writer.WriteStringValue(terms.ProductId);
            writer.WriteNumberValue(terms.UnitsPerMonth);
            writer.WriteNumberValue(terms.Months);
            writer.WriteStringValue(terms.MonthlyPrice.ToString("F2", CultureInfo.InvariantCulture));
            writer.WriteStringValue(terms.Currency);
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }
}
