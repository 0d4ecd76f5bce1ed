using Razors.Contracts;

namespace Razors.Notifications.Tests;

/// <summary>Events as the other services' relays publish them.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    public static EventEnvelope<T> Envelope<T>(T data, Guid? eventId = null)
        where T : class =>
        new()
        {
            Metadata = new EventMetadata
            {
                EventId = eventId ?? Guid.CreateVersion7(),
                EventType = EventTypes.Of<T>().Id,
                OccurredAt = Now,
                CorrelationId = "saga",
                AggregateId = "upstream",
                AggregateVersion = 1,
            },
            Data = data,
        };

    public static CustomerRegistered Registered(Guid customerId, string name = "Ada Lovelace", string? email = null) => new()
    {
        CustomerId = customerId,
        Name = name,
        Email = email ?? $"ada.{customerId:N}@example.com",
        State = "London",
        City = "London",
    };

    public static SubscriptionCreated Created(Guid subscriptionId, Guid customerId) => new()
    {
        SubscriptionId = subscriptionId,
        CustomerId = customerId.ToString("D"),
        ProductId = "razor-classic",
        UnitsPerMonth = 4,
        Months = 12,
        MonthlyPrice = 9.5m,
        Currency = "GBP",
    };

    public static SubscriptionActivated Activated(Guid subscriptionId) => new() { SubscriptionId = subscriptionId, PaymentId = Guid.CreateVersion7() };

    public static SubscriptionCancelled Cancelled(Guid subscriptionId, string reason = CancellationReasons.CustomerRequested) =>
        new() { SubscriptionId = subscriptionId, Reason = reason };
}
