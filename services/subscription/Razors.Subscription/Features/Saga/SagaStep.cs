using Razors.Contracts;
using Razors.Messaging;
using Razors.Subscription.Ports;

namespace Razors.Subscription.Features.Saga;

/// <summary>
/// What every saga handler does with its event: load the subscription, decide, and write the
/// change with the event's inbox marker in one transaction (or the marker alone when nothing
/// changes). A marker that exists means the event was handled before: success, nothing written.
/// </summary>
/// <remarks>
/// A write that loses the version race (the usual rival is the handler of the other saga event
/// for the same subscription) reloads and decides again, up to <see cref="MaxAttempts"/> times;
/// then it throws, and the queue redelivers the event after its visibility timeout.
/// </remarks>
public sealed class SagaStep(ISubscriptionStore store, IIdGenerator ids, TimeProvider time)
{
    public const int MaxAttempts = 3;

    /// <exception cref="InvalidOperationException">
    /// The subscription does not exist, or every attempt lost the race. Either way the event is
    /// not lost: the queue retries it and then moves it to the dead-letter queue. A subscription
    /// is created before its saga events exist, so an unknown id is a fault worth seeing there,
    /// never an event to drop.
    /// </exception>
    public async Task HandleAsync(Guid subscriptionId, SagaEvent received, EventMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(metadata);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var state = await store.GetAsync(subscriptionId, cancellationToken)
                ?? throw new InvalidOperationException(
                    $"{metadata.EventType} {metadata.EventId} is for subscription {subscriptionId}, which does not exist.");
            var now = time.GetUtcNow();
            var eventId = ids.NewId();
            var handled = new HandledEvent(received.EventId, now);
            var decision = SagaDecider.Decide(state, received, now, eventId);

            // The marker alone is not conditional on the version: what makes an event change
            // nothing stays true (Cancelled is final, and what has arrived is never forgotten).
            var result = decision is SagaDecision.Unchanged
                ? await store.MarkHandledAsync(handled, cancellationToken)
                : await store.SaveAsync(Change(state.Version, decision, eventId, now, metadata) with { Handled = handled }, cancellationToken);

            if (result is SaveResult.Saved or SaveResult.AlreadyHandled)
            {
                return;
            }
        }

        throw new InvalidOperationException(
            $"{metadata.EventType} {metadata.EventId} lost the race for subscription {subscriptionId} {MaxAttempts} times; the queue will redeliver it.");
    }

    private static SubscriptionChange Change(long expectedVersion, SagaDecision decision, Guid eventId, DateTimeOffset now, EventMetadata cause) =>
        decision switch
        {
            SagaDecision.Advance advance => new(advance.After, expectedVersion, []),
            SagaDecision.Activate activate =>
                new(activate.After, expectedVersion, [SubscriptionEvents.ToOutbox(activate.Event, activate.After, eventId, now, cause)]),
            SagaDecision.Cancel cancel =>
                new(cancel.After, expectedVersion, [SubscriptionEvents.ToOutbox(cancel.Event, cancel.After, eventId, now, cause)]),
            _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Not a change."),
        };
}
