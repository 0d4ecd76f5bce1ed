using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Razors.Contracts;
using Razors.Lambda.Events;

namespace Razors.Subscription.Tests;

/// <summary>Stock and payment events as the inbound queue delivers them to the subscription service.</summary>
public static class Incoming
{
    public const string Traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    public static readonly DateTimeOffset OccurredAt = new(2026, 11, 23, 9, 30, 5, TimeSpan.Zero);

    public static EventEnvelope<StockAllocated> StockAllocated(Guid subscriptionId, Guid? eventId = null) =>
        Envelope(new StockAllocated { SubscriptionId = subscriptionId, ProductId = "razor-classic", Units = 24 }, subscriptionId, eventId);

    public static EventEnvelope<StockAllocationFailed> StockAllocationFailed(Guid subscriptionId, Guid? eventId = null) =>
        Envelope(
            new StockAllocationFailed
            {
                SubscriptionId = subscriptionId,
                ProductId = "razor-classic",
                UnitsRequested = 24,
                UnitsAvailable = 2,
                Reason = "2 units of razor-classic on hand, 24 asked for",
            },
            subscriptionId,
            eventId);

    public static EventEnvelope<PaymentCreated> PaymentCreated(Guid subscriptionId, Guid paymentId, Guid? eventId = null) =>
        Envelope(
            new PaymentCreated
            {
                PaymentId = paymentId,
                SubscriptionId = subscriptionId,
                CustomerId = "customer-1",
                InstalmentAmount = 9.99m,
                Currency = "GBP",
                Instalments = 12,
                FirstCollectionOn = new DateOnly(2026, 12, 1),
            },
            paymentId,
            eventId);

    public static EventEnvelope<PaymentCancelled> PaymentCancelled(Guid subscriptionId, Guid paymentId, Guid? eventId = null) =>
        Envelope(new PaymentCancelled { PaymentId = paymentId, SubscriptionId = subscriptionId, Reason = "CustomerRequested" }, paymentId, eventId);

    /// <summary>The SQS message an EventBridge rule makes of the event: the whole bus event as its body.</summary>
    public static SQSEvent.SQSMessage AsQueueMessage<T>(EventEnvelope<T> envelope)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var type = EventTypes.Of<T>();
        var busEvent = new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString("D"),
            ["detail-type"] = type.DetailType,
            ["source"] = type.Source,
            ["account"] = "000000000000",
            ["time"] = envelope.Metadata.OccurredAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["region"] = "eu-west-2",
            ["resources"] = new JsonArray(),
            ["detail"] = JsonNode.Parse(JsonSerializer.Serialize(envelope, type.EnvelopeTypeInfo)),
        };
        return new SQSEvent.SQSMessage
        {
            MessageId = Guid.NewGuid().ToString("D"),
            Body = busEvent.ToJsonString(),
            Attributes = new() { ["ApproximateReceiveCount"] = "1" },
        };
    }

    private static EventEnvelope<T> Envelope<T>(T data, Guid aggregateId, Guid? eventId)
        where T : class =>
        new()
        {
            Metadata = new EventMetadata
            {
                EventId = eventId ?? Guid.CreateVersion7(),
                EventType = EventTypes.Of<T>().Id,
                OccurredAt = OccurredAt,
                // Not the subscription's: what the handlers raise must carry the subscription's own.
                CorrelationId = "correlation-of-the-producer",
                CausationId = Guid.CreateVersion7().ToString("D"),
                Traceparent = Traceparent,
                AggregateId = aggregateId.ToString("D"),
                AggregateVersion = 1,
            },
            Data = data,
        };
}
