using Razors.Contracts;
using Razors.Messaging.Consumers;

namespace Razors.Stock.Features.DeallocateStock;

/// <summary>
/// A cancelled direct debit ends the subscription, so its units go back at once
/// (<see cref="StockDeallocation"/>) rather than after the subscription's own cancellation: the
/// two events race, and whichever comes second changes nothing.
/// </summary>
public sealed class PaymentCancelledHandler(StockDeallocation deallocation) : IEventHandler<PaymentCancelled>
{
    public Task HandleAsync(EventEnvelope<PaymentCancelled> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return deallocation.DeallocateAsync(envelope.Data.SubscriptionId, envelope.Metadata, cancellationToken);
    }
}
