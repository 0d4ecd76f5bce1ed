using System.Diagnostics;
using System.Globalization;
using Razors.Contracts;
using Razors.Messaging.Outbox;
using Razors.Subscription.Domain;
using Razors.Subscription.Ports;

namespace Razors.Subscription.Features;

/// <summary>Turns an event a decision raised into the outbox record stored with the new state.</summary>
public sealed class SubscriptionEvents(IIdGenerator ids)
{
    public OutboxRecord ToOutbox<T>(T data, SubscriptionState after, DateTimeOffset occurredAt)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(after);
        var metadata = new EventMetadata
        {
            EventId = ids.NewId(),
            EventType = EventTypes.Of<T>().Id,
            OccurredAt = occurredAt,
            CorrelationId = after.CorrelationId,
            Traceparent = CurrentTraceparent(),
            AggregateId = after.Id.ToString("D", CultureInfo.InvariantCulture),
            AggregateVersion = after.Version,
        };
        return OutboxRecord.Create(data, metadata);
    }

    // Activity.Id is a W3C traceparent only in the W3C format (the default since .NET 5);
    // a hierarchical id would be meaningless to the consumers' tracers.
    private static string? CurrentTraceparent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;
}
