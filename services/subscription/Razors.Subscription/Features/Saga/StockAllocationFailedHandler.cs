using Razors.Contracts;
using Razors.Messaging.Consumers;

namespace Razors.Subscription.Features.Saga;

/// <summary>Takes <see cref="StockAllocationFailed"/> to the saga (<see cref="SagaDecider"/>).</summary>
public sealed class StockAllocationFailedHandler(SagaStep step) : IEventHandler<StockAllocationFailed>
{
    public Task HandleAsync(EventEnvelope<StockAllocationFailed> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var received = new SagaEvent.StockAllocationFailed(envelope.Metadata.EventId, envelope.Data.Reason);
        return step.HandleAsync(envelope.Data.SubscriptionId, received, envelope.Metadata, cancellationToken);
    }
}
