using Razors.Contracts;
using Razors.Messaging.Consumers;

namespace Razors.Subscription.Features.Saga;

/// <summary>Takes <see cref="StockAllocated"/> to the saga (<see cref="SagaDecider"/>).</summary>
public sealed class StockAllocatedHandler(SagaStep step) : IEventHandler<StockAllocated>
{
    public Task HandleAsync(EventEnvelope<StockAllocated> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var received = new SagaEvent.StockAllocated(envelope.Metadata.EventId);
        return step.HandleAsync(envelope.Data.SubscriptionId, received, envelope.Metadata, cancellationToken);
    }
}
