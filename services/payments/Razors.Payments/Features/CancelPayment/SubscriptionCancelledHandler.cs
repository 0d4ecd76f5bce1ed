using Razors.Contracts;
using Razors.Messaging;
using Razors.Messaging.Consumers;
using Razors.Payments.Domain;
using Razors.Payments.Ports;

namespace Razors.Payments.Features.CancelPayment;

/// <summary>
/// Cancels the subscription's payment: the cancelled payment, its <c>PaymentCancelled</c> outbox
/// record and the inbox marker in one write. When the subscription has no payment yet, the cancel
/// overtook its <c>SubscriptionCreated</c>, so a <see cref="PaymentTombstone"/> is stored instead,
/// with no event. An already cancelled payment, or a duplicate, only marks the event handled.
/// </summary>
public sealed class SubscriptionCancelledHandler(IPaymentStore store, IIdGenerator ids, TimeProvider time)
    : IEventHandler<SubscriptionCancelled>
{
    /// <summary>The usual rival is the customer's cancel or the subscription's create; the second attempt sees its result.</summary>
    public const int MaxAttempts = 2;

    public async Task HandleAsync(EventEnvelope<SubscriptionCancelled> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var metadata = envelope.Metadata;
        if (await store.HasHandledAsync(metadata.EventId, cancellationToken))
        {
            return;
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var payment = await store.FindBySubscriptionAsync(envelope.Data.SubscriptionId, cancellationToken);
            var now = time.GetUtcNow();
            var change = payment is null
                ? new PaymentChange(PaymentTombstone.Create(ids.NewId(), envelope.Data.SubscriptionId, metadata.CorrelationId, now), ExpectedVersion: 0, [])
                : CancelPaymentDecider.Decide(payment, PaymentCancellationReasons.SubscriptionCancelled, now) switch
                {
                    CancelDecision.Cancel cancel =>
                        new PaymentChange(cancel.After, payment.Version, [PaymentEvents.ToOutbox(cancel.Event, cancel.After, ids.NewId(), now, metadata)]),
                    _ => null,
                };
            if (change is null)
            {
                await store.MarkHandledAsync(metadata.EventId, cancellationToken);
                return;
            }

            if (await store.SaveAsync(change with { HandledEventId = metadata.EventId }, cancellationToken) != SaveResult.Conflict)
            {
                return;
            }
        }

        // Thrown so the message is retried from the queue (and dead-lettered if this persists).
        throw new InvalidOperationException(
            $"Event {metadata.EventId}: the payment of subscription {envelope.Data.SubscriptionId} lost {MaxAttempts} write races.");
    }
}
