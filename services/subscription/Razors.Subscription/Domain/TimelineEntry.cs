namespace Razors.Subscription.Domain;

/// <summary>One thing that moved a subscription: an event it raised or a saga event it received.</summary>
/// <param name="At">When this service recorded it.</param>
/// <param name="EventType">The event's EventBridge <c>detail-type</c>, such as <c>StockAllocated</c>.</param>
/// <param name="EventId">The event's <c>metadata.eventId</c>.</param>
/// <param name="Detail">What else is worth reading, such as a reason; null when nothing is.</param>
public sealed record TimelineEntry(DateTimeOffset At, string EventType, Guid EventId, string? Detail = null);
