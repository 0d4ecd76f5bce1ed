using Razors.Contracts;
using Razors.Messaging.Consumers;

namespace Razors.Subscription.Features.Saga;

/// <summary>Takes <see cref="PaymentCancelled"/> to the saga (<see cref="SagaDecider"/>).</summary>
public sealed class PaymentCancelledHandler(SagaStep step) : IEventHandler<PaymentCancelled>
{
    public Task HandleAsync(EventEnvelope<PaymentCancelled> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var received = new SagaEvent.PaymentCancelled(envelope.Metadata.EventId, envelope.Data.PaymentId, envelope.Data.Reason);
        return step.HandleAsync(envelope.Data.SubscriptionId, received, envelope.Metadata, cancellationToken);
    }
}
