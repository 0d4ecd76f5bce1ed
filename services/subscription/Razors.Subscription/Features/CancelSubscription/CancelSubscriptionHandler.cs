using Razors.Messaging;
using Razors.Subscription.Ports;

namespace Razors.Subscription.Features.CancelSubscription;

/// <summary>
/// Load, decide, write conditionally on the loaded version. A lost race is retried once with a
/// fresh load, because the usual rival is a saga step (activation, compensation) whose change
/// does not make the customer's cancel wrong; losing twice answers <see cref="CancelSubscriptionResult.Conflict"/>.
/// </summary>
public sealed class CancelSubscriptionHandler(ISubscriptionStore store, IIdGenerator ids, TimeProvider time)
{
    public const int MaxAttempts = 2;

    public async Task<CancelSubscriptionResult> HandleAsync(Guid subscriptionId, string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var state = await store.GetAsync(subscriptionId, cancellationToken);
            if (state is null)
            {
                return new CancelSubscriptionResult.NotFound();
            }

            var now = time.GetUtcNow();
            var eventId = ids.NewId();
            if (CancelSubscriptionDecider.Decide(state, reason, now, eventId) is not CancelDecision.Cancel cancel)
            {
                return new CancelSubscriptionResult.AlreadyCancelled(state);
            }

            var change = new SubscriptionChange(cancel.After, state.Version, [SubscriptionEvents.ToOutbox(cancel.Event, cancel.After, eventId, now)]);
            if (await store.SaveAsync(change, cancellationToken) == SaveResult.Saved)
            {
                return new CancelSubscriptionResult.Cancelled(cancel.After);
            }
        }

        return new CancelSubscriptionResult.Conflict();
    }
}
