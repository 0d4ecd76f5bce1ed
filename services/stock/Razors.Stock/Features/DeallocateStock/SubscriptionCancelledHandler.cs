using Razors.Contracts;
using Razors.Messaging.Consumers;

namespace Razors.Stock.Features.DeallocateStock;

/// <summary>A cancelled subscription gives its units back (<see cref="StockDeallocation"/>), whatever the reason.</summary>
public sealed class SubscriptionCancelledHandler(StockDeallocation deallocation) : IEventHandler<SubscriptionCancelled>
{
    public Task HandleAsync(EventEnvelope<SubscriptionCancelled> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return deallocation.DeallocateAsync(envelope.Data.SubscriptionId, envelope.Metadata, cancellationToken);
    }
}
