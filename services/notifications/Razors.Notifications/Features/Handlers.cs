using Razors.Contracts;
using Razors.Messaging.Consumers;
using Razors.Notifications.Domain;
using Razors.Notifications.Ports;

namespace Razors.Notifications.Features;

/// <summary>
/// Keeps the new customer's contact and welcomes them; then confirms what their subscriptions were
/// waiting for (a subscription can reach notifications before its customer does).
/// </summary>
public sealed class CustomerRegisteredHandler(INotificationsStore store, MailTemplates templates, MailOutbox outbox, Confirmations confirmations, TimeProvider time)
    : IEventHandler<CustomerRegistered>
{
    public async Task HandleAsync(EventEnvelope<CustomerRegistered> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var registered = envelope.Data;
        var eventId = envelope.Metadata.EventId;
        var now = time.GetUtcNow();
        var contact = new Contact(registered.CustomerId.ToString("D"), registered.Name, registered.Email);

        // Handled before or not, the rest runs: a delivery that crashed after the save left its mail to this one.
        await store.SaveContactAsync(contact, eventId, now, cancellationToken);
        await outbox.SendOnceAsync(templates.Welcome(contact, eventId, now), eventId, cancellationToken);
        foreach (var subscriptionId in await store.GetSubscriptionsOfAsync(contact.CustomerId, cancellationToken))
        {
            await confirmations.SendDueAsync(subscriptionId, eventId, cancellationToken);
        }
    }
}

/// <summary>Ties the subscription to its customer and keeps its terms for the confirmations.</summary>
public sealed class SubscriptionCreatedHandler(INotificationsStore store, Confirmations confirmations, TimeProvider time)
    : IEventHandler<SubscriptionCreated>
{
    public async Task HandleAsync(EventEnvelope<SubscriptionCreated> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var created = envelope.Data;
        var facts = new SubscriptionFacts(created.SubscriptionId)
        {
            CustomerId = created.CustomerId,
            ProductId = created.ProductId,
            UnitsPerMonth = created.UnitsPerMonth,
            Months = created.Months,
            MonthlyPrice = created.MonthlyPrice,
            Currency = created.Currency,
        };
        await store.SaveFactsAsync(facts, envelope.Metadata.EventId, time.GetUtcNow(), cancellationToken);
        await confirmations.SendDueAsync(created.SubscriptionId, envelope.Metadata.EventId, cancellationToken);
    }
}

/// <summary>Records the activation and confirms it, once the customer's address is known.</summary>
public sealed class SubscriptionActivatedHandler(INotificationsStore store, Confirmations confirmations, TimeProvider time)
    : IEventHandler<SubscriptionActivated>
{
    public async Task HandleAsync(EventEnvelope<SubscriptionActivated> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var id = envelope.Data.SubscriptionId;
        var facts = new SubscriptionFacts(id) { ActivatedAt = envelope.Metadata.OccurredAt };
        await store.SaveFactsAsync(facts, envelope.Metadata.EventId, time.GetUtcNow(), cancellationToken);
        await confirmations.SendDueAsync(id, envelope.Metadata.EventId, cancellationToken);
    }
}

/// <summary>Records the end and tells the customer why, once their address is known.</summary>
public sealed class SubscriptionCancelledHandler(INotificationsStore store, Confirmations confirmations, TimeProvider time)
    : IEventHandler<SubscriptionCancelled>
{
    public async Task HandleAsync(EventEnvelope<SubscriptionCancelled> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var cancelled = envelope.Data;
        var facts = new SubscriptionFacts(cancelled.SubscriptionId) { CancelledAt = envelope.Metadata.OccurredAt, CancellationReason = cancelled.Reason };
        await store.SaveFactsAsync(facts, envelope.Metadata.EventId, time.GetUtcNow(), cancellationToken);
        await confirmations.SendDueAsync(cancelled.SubscriptionId, envelope.Metadata.EventId, cancellationToken);
    }
}
