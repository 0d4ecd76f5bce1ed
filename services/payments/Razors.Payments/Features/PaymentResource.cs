using System.Text.Json.Serialization;
using Razors.Payments.Domain;

namespace Razors.Payments.Features;

/// <summary>The payment as the HTTP API shows it: the plan and its state, never bank details.</summary>
public sealed record PaymentResource(
    Guid Id,
    Guid SubscriptionId,
    string CustomerId,
    decimal InstalmentAmount,
    string Currency,
    int Instalments,
    DateOnly FirstCollectionOn,
    PaymentStatus Status,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CancelledAt,
    string? CancellationReason)
{
    public static PaymentResource From(Payment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return new(
            payment.PaymentId, payment.SubscriptionId, payment.CustomerId, payment.InstalmentAmount, payment.Currency,
            payment.Instalments, payment.FirstCollectionOn, payment.Status, payment.Version, payment.CreatedAt,
            payment.CancelledAt, payment.CancellationReason);
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(PaymentResource))]
[JsonSerializable(typeof(PaymentResource[]))]
public sealed partial class PaymentsJsonContext : JsonSerializerContext;
