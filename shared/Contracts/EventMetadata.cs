namespace Razors.Contracts;

/// <summary>
/// What every Razors event carries beside its data: identity, ordering and tracing.
/// Fixed when the outbox record is written, so a retried publish carries the same values.
/// </summary>
public sealed record EventMetadata
{
    /// <summary>The event's own id. Consumers deduplicate on this, never on the EventBridge id.</summary>
    public required Guid EventId { get; init; }

    /// <summary>The stable type id, for example <c>razors.stock.allocated.v1</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>When the change that raised the event was committed.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Ties together every event of one saga; the subscription id's saga starts it.</summary>
    public required string CorrelationId { get; init; }

    /// <summary>The <see cref="EventId"/> of the event that caused this one, if any.</summary>
    public string? CausationId { get; init; }

    /// <summary>W3C trace context (<c>traceparent</c>) of the request or event that caused this one.</summary>
    public string? Traceparent { get; init; }

    /// <summary>The id of the aggregate whose change raised the event.</summary>
    public required string AggregateId { get; init; }

    /// <summary>The aggregate's version after the change; per aggregate it only grows.</summary>
    public required long AggregateVersion { get; init; }
}
