using Razors.Contracts;
using Razors.Messaging;
using Razors.Messaging.Consumers;
using Razors.Payments.Ports;

namespace Razors.Payments.Features.CreatePayment;

/// <summary>
/// Sets up the subscription's payment: the payment, its <c>PaymentCreated</c> outbox record and
/// the inbox marker of the event in one write. A duplicate, or a subscription that already has a
/// payment or a tombstone, only marks the event handled.
/// </summary>
public sealed class SubscriptionCreatedHandler(IPaymentStore store, IIdGenerator ids, TimeProvider time)
    : IEventHandler<SubscriptionCreated>
{
    /// <summary>
    /// A lost race means another write stored a payment for the subscription first (a concurrent
    /// delivery, or a cancel's tombstone); the second attempt reads it and stops.
    /// </summary>
    public const int MaxAttempts = 2;

    public async Task HandleAsync(EventEnvelope<SubscriptionCreated> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var metadata = envelope.Metadata;
        if (await store.HasHandledAsync(metadata.EventId, cancellationToken))
        {
            return;
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var existing = await store.FindBySubscriptionAsync(envelope.Data.SubscriptionId, cancellationToken);
            var now = time.GetUtcNow();
            var decision = CreatePaymentDecider.Decide(existing, envelope.Data, ids.NewId(), metadata.CorrelationId, metadata.OccurredAt, now);
            if (decision is not CreateDecision.Create create)
            {
                await store.MarkHandledAsync(metadata.EventId, cancellationToken);
                return;
            }

            var change = new PaymentChange(create.Payment, ExpectedVersion: 0, [PaymentEvents.ToOutbox(create.Event, create.Payment, ids.NewId(), now, metadata)])
            {
                HandledEventId = metadata.EventId,
            };
            if (await store.SaveAsync(change, cancellationToken) != SaveResult.Conflict)
            {
                return;
            }
        }

        // Thrown so the message is retried from the queue (and dead-lettered if this persists).
        throw new InvalidOperationException(
            $"Event {metadata.EventId}: the payment of subscription {envelope.Data.SubscriptionId} lost {MaxAttempts} write races.");
    }
}
