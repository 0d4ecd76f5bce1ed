using Razors.Contracts;
using Razors.Stock.Domain;

namespace Razors.Stock.Tests.Unit;

public static class Samples
{
    // Taken from the clock, to the whole minute: the store tests run against DynamoDB Local, whose
    // TTL sweeper deletes outbox and idempotency items whose expiry (Now + retention) has passed.
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60);

    public const string Traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    public const string CorrelationId = "saga-1";

    public static SubscriptionCreated Created(Guid subscriptionId, string productId = "razor-classic", int unitsPerMonth = 1, int months = 12) =>
        new()
        {
            SubscriptionId = subscriptionId,
            CustomerId = "customer-1",
            ProductId = productId,
            UnitsPerMonth = unitsPerMonth,
            Months = months,
            MonthlyPrice = 9.99m,
            Currency = "GBP",
        };

    public static SubscriptionCancelled Cancelled(Guid subscriptionId) =>
        new() { SubscriptionId = subscriptionId, Reason = CancellationReasons.CustomerRequested };

    public static PaymentCancelled PaymentCancelled(Guid subscriptionId) =>
        new() { PaymentId = Guid.CreateVersion7(), SubscriptionId = subscriptionId, Reason = CancellationReasons.CustomerRequested };

    /// <summary>The event as another service's relay published it: its own id, the saga's correlation id, a trace.</summary>
    public static EventEnvelope<T> Envelope<T>(T data, Guid? eventId = null)
        where T : class =>
        new()
        {
            Metadata = new EventMetadata
            {
                EventId = eventId ?? Guid.CreateVersion7(),
                EventType = EventTypes.Of<T>().Id,
                OccurredAt = Now.AddMinutes(-1),
                CorrelationId = CorrelationId,
                Traceparent = Traceparent,
                AggregateId = "upstream-aggregate",
                AggregateVersion = 1,
            },
            Data = data,
        };

    public static Allocation Allocated(Guid subscriptionId, int units = 12, long version = 1) =>
        new(subscriptionId, "razor-classic", units, AllocationStatus.Allocated, version, Now);
}
