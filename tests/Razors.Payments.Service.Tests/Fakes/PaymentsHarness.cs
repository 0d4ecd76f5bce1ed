using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Razors.Contracts;
using Razors.Messaging.Outbox;
using Razors.Payments.Features.CancelPayment;
using Razors.Payments.Features.CreatePayment;

namespace Razors.Payments.Service.Tests.Fakes;

/// <summary>The service's handlers over one in-memory store, a fixed clock and predictable ids.</summary>
internal sealed class PaymentsHarness
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public InMemoryPaymentStore Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(Now);

    public SequentialIdGenerator Ids { get; } = new();

    public SubscriptionCreatedHandler Created => new(Store, Ids, Time);

    public SubscriptionCancelledHandler Cancelled => new(Store, Ids, Time);

    public CancelPaymentHandler CustomerCancel => new(Store, Ids, Time);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The outbox records of events of type <typeparamref name="T"/>, read back as their envelopes.</summary>
    public IReadOnlyList<EventEnvelope<T>> Events<T>()
        where T : class
    {
        var type = EventTypes.Of<T>();
        return [.. Store.Outbox.Where(r => r.DetailType == type.DetailType).Select(Read<T>)];
    }

    public static EventEnvelope<T> Read<T>(OutboxRecord record)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(record);
        return (EventEnvelope<T>)JsonSerializer.Deserialize(record.Detail, EventTypes.Of<T>().EnvelopeTypeInfo)!;
    }
}

/// <summary>Incoming events as the subscription service raises them.</summary>
internal static class Incoming
{
    public const string CorrelationId = "saga-7";
    public const string Traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    public static EventEnvelope<SubscriptionCreated> Created(Guid subscriptionId, DateTimeOffset? occurredAt = null, decimal monthlyPrice = 9.99m) => new()
    {
        Metadata = Metadata<SubscriptionCreated>(subscriptionId, occurredAt ?? PaymentsHarness.Now, version: 1),
        Data = new SubscriptionCreated
        {
            SubscriptionId = subscriptionId,
            CustomerId = "customer-1",
            ProductId = "razor-classic",
            UnitsPerMonth = 1,
            Months = 12,
            MonthlyPrice = monthlyPrice,
            Currency = "GBP",
        },
    };

    public static EventEnvelope<SubscriptionCancelled> Cancelled(Guid subscriptionId) => new()
    {
        Metadata = Metadata<SubscriptionCancelled>(subscriptionId, PaymentsHarness.Now, version: 2),
        Data = new SubscriptionCancelled { SubscriptionId = subscriptionId, Reason = CancellationReasons.CustomerRequested },
    };

    private static EventMetadata Metadata<T>(Guid subscriptionId, DateTimeOffset occurredAt, long version)
        where T : class => new()
        {
            EventId = Guid.CreateVersion7(),
            EventType = EventTypes.Of<T>().Id,
            OccurredAt = occurredAt,
            CorrelationId = CorrelationId,
            Traceparent = Traceparent,
            AggregateId = subscriptionId.ToString(),
            AggregateVersion = version,
        };
}
