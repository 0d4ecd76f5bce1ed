using Razors.Notifications.Ports;

namespace Razors.Notifications.Features;

/// <summary>
/// Confirms a subscription's activation and its end to its customer once three facts have met: the
/// subscription's customer (<c>SubscriptionCreated</c>), the customer's address
/// (<c>CustomerRegistered</c>) and the activation or the end. Each handler writes its fact first and
/// then looks here, reading consistently, so whichever fact comes last finds the others, whatever
/// the order; two that look at once both find them, and the mail's record lets only one send it.
/// </summary>
public sealed class Confirmations(INotificationsStore store, MailTemplates templates, MailOutbox outbox, TimeProvider time)
{
    /// <summary>Sends what is due for the subscription and not yet recorded, on behalf of event <paramref name="eventId"/>.</summary>
    public async Task SendDueAsync(Guid subscriptionId, Guid eventId, CancellationToken cancellationToken)
    {
        var facts = await store.GetFactsAsync(subscriptionId, cancellationToken);
        if (facts is not { CustomerId: { } customerId } || (facts.ActivatedAt is null && facts.CancelledAt is null))
        {
            return;
        }

        // No address, no mail: only CustomerRegistered carries one, and it may come later (it looks here then).
        var contact = await store.GetContactAsync(customerId, cancellationToken);
        if (contact is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (facts.ActivatedAt is not null)
        {
            await outbox.SendOnceAsync(templates.Activated(contact, facts, eventId, now), eventId, cancellationToken);
        }

        if (facts.CancelledAt is not null)
        {
            await outbox.SendOnceAsync(templates.Cancelled(contact, facts, eventId, now), eventId, cancellationToken);
        }
    }
}
