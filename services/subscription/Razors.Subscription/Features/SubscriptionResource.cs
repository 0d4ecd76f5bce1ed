using System.Text.Json.Serialization;
using Razors.Subscription.Domain;

namespace Razors.Subscription.Features;

/// <summary>The subscription as the HTTP API shows it; <see cref="Timeline"/> is oldest first.</summary>
public sealed record SubscriptionResource(
    Guid Id,
    string CustomerId,
    string ProductId,
    int UnitsPerMonth,
    int Months,
    decimal MonthlyPrice,
    string Currency,
    SubscriptionStatus Status,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CancelledAt,
    string? CancellationReason,
    Guid? PaymentId,
    IReadOnlyList<TimelineEntry> Timeline)
{
    public static SubscriptionResource From(SubscriptionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var terms = state.Terms;
        return new(
            state.Id, terms.CustomerId, terms.ProductId, terms.UnitsPerMonth, terms.Months, terms.MonthlyPrice,
            terms.Currency, state.Status, state.Version, state.CreatedAt, state.CancelledAt, state.CancellationReason,
            state.PaymentId, state.Timeline);
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(SubscriptionResource))]
public sealed partial class SubscriptionJsonContext : JsonSerializerContext;
