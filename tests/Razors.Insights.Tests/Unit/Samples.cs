using System.Text.Json;
using Razors.Contracts;

namespace Razors.Insights.Tests.Unit;

public static class Samples
{
    /// <summary>A moment in December 2026 (UTC); its board is <c>2026-12</c>.</summary>
    public static readonly DateTimeOffset December = new(2026, 12, 7, 15, 30, 0, TimeSpan.Zero);

    public static EventEnvelope<SubscriptionCreated> Created(Guid subscriptionId, string productId = "razor-classic", Guid? eventId = null) =>
        Envelope(
            new SubscriptionCreated
            {
                SubscriptionId = subscriptionId,
                CustomerId = "customer-1",
                ProductId = productId,
                UnitsPerMonth = 1,
                Months = 12,
                MonthlyPrice = 9.99m,
                Currency = "GBP",
            },
            eventId,
            December.AddMinutes(-5));

    public static EventEnvelope<SubscriptionActivated> Activated(Guid subscriptionId, DateTimeOffset? at = null, Guid? eventId = null) =>
        Envelope(new SubscriptionActivated { SubscriptionId = subscriptionId, PaymentId = Guid.CreateVersion7() }, eventId, at ?? December);

    public static EventEnvelope<SubscriptionCancelled> Cancelled(Guid subscriptionId, Guid? eventId = null) =>
        Envelope(new SubscriptionCancelled { SubscriptionId = subscriptionId, Reason = CancellationReasons.CustomerRequested }, eventId, December.AddDays(1));

    /// <summary>The event as the subscription service's relay published it: its own id, its time, the saga's correlation id.</summary>
    public static EventEnvelope<T> Envelope<T>(T data, Guid? eventId, DateTimeOffset occurredAt)
        where T : class =>
        new()
        {
            Metadata = new EventMetadata
            {
                EventId = eventId ?? Guid.CreateVersion7(),
                EventType = EventTypes.Of<T>().Id,
                OccurredAt = occurredAt,
                CorrelationId = "saga-1",
                AggregateId = "upstream-aggregate",
                AggregateVersion = 1,
            },
            Data = data,
        };

    /// <summary>The envelope as JSON, as it travels in an EventBridge event's <c>detail</c>.</summary>
    public static JsonElement Json(object envelope) => envelope switch
    {
        EventEnvelope<SubscriptionCreated> e => JsonSerializer.SerializeToElement(e, RazorsJsonContext.Default.EventEnvelopeSubscriptionCreated),
        EventEnvelope<SubscriptionActivated> e => JsonSerializer.SerializeToElement(e, RazorsJsonContext.Default.EventEnvelopeSubscriptionActivated),
        EventEnvelope<SubscriptionCancelled> e => JsonSerializer.SerializeToElement(e, RazorsJsonContext.Default.EventEnvelopeSubscriptionCancelled),
        EventEnvelope<StockAllocated> e => JsonSerializer.SerializeToElement(e, RazorsJsonContext.Default.EventEnvelopeStockAllocated),
        _ => throw new ArgumentException($"Not an envelope the samples write: {envelope.GetType().Name}.", nameof(envelope)),
    };

    /// <summary>Every order of <paramref name="items"/> (n! of them; fine for the handful a scenario has).</summary>
    public static IEnumerable<IReadOnlyList<T>> Permutations<T>(IReadOnlyList<T> items)
    {
        if (items.Count <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
