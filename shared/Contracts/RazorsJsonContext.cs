using System.Text.Json.Serialization;

namespace Razors.Contracts;

/// <summary>
/// Source-generated System.Text.Json metadata for every event and envelope: camelCase names,
/// no reflection, trimming- and AOT-safe.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(EventMetadata))]
[JsonSerializable(typeof(RawEventEnvelope))]
[JsonSerializable(typeof(EventEnvelope<SubscriptionCreated>))]
[JsonSerializable(typeof(EventEnvelope<SubscriptionActivated>))]
[JsonSerializable(typeof(EventEnvelope<SubscriptionCancelled>))]
[JsonSerializable(typeof(EventEnvelope<StockAllocated>))]
[JsonSerializable(typeof(EventEnvelope<StockAllocationFailed>))]
[JsonSerializable(typeof(EventEnvelope<StockDeallocated>))]
[JsonSerializable(typeof(EventEnvelope<PaymentCreated>))]
[JsonSerializable(typeof(EventEnvelope<PaymentCancelled>))]
[JsonSerializable(typeof(EventEnvelope<CustomerRegistered>))]
public sealed partial class RazorsJsonContext : JsonSerializerContext;
