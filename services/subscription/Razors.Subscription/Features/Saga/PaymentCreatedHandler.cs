using Razors.Contracts;
using Razors.Messaging.Consumers;

namespace Razors.Subscription.Features.Saga;

/// <summary>Takes <see cref="PaymentCreated"/> to the saga (<see cref="SagaDecider"/>).</summary>
public sealed class PaymentCreatedHandler(SagaStep step) : IEventHandler<PaymentCreated>
{
    public Task HandleAsync(EventEnvelope<PaymentCreated> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var received = new SagaEvent.PaymentCreated(envelope.Metadata.EventId, envelope.Data.PaymentId);
        return step.HandleAsync(envelope.Data.SubscriptionId, received, envelope.Metadata, cancellationToken);
    }
}
