namespace Razors.Subscription.Features.Saga;

/// <summary>What the saga needs of a stock or payment event; <see cref="EventId"/> is its <c>metadata.eventId</c>.</summary>
public abstract record SagaEvent(Guid EventId)
{
    public sealed record StockAllocated(Guid EventId) : SagaEvent(EventId);

    /// <param name="EventId">The event's id.</param>
    /// <param name="Reason">Stock's words for why, kept on the timeline.</param>
    public sealed record StockAllocationFailed(Guid EventId, string Reason) : SagaEvent(EventId);

    public sealed record PaymentCreated(Guid EventId, Guid PaymentId) : SagaEvent(EventId);

    /// <param name="EventId">The event's id.</param>
    /// <param name="PaymentId">The cancelled payment.</param>
    /// <param name="Reason">Payments' reason, such as <c>CustomerRequested</c>, kept on the timeline.</param>
    public sealed record PaymentCancelled(Guid EventId, Guid PaymentId, string Reason) : SagaEvent(EventId);
}
