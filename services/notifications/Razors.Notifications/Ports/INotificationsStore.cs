using Razors.Notifications.Domain;

namespace Razors.Notifications.Ports;

/// <summary>Where contacts, subscriptions' facts, mails and inbox markers live.</summary>
public interface INotificationsStore
{
    /// <summary>
    /// Writes the contact with the inbox marker of <paramref name="eventId"/> in one transaction;
    /// false when the marker was there (the event was handled before; nothing was written).
    /// </summary>
    Task<bool> SaveContactAsync(Contact contact, Guid eventId, DateTimeOffset handledAt, CancellationToken cancellationToken);

    /// <summary>The contact, read consistently, or null.</summary>
    Task<Contact?> GetContactAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the facts <paramref name="facts"/> carries (non-null values only; an activation or a
    /// cancellation already recorded keeps its first time), with the inbox marker, in one transaction;
    /// when <see cref="SubscriptionFacts.CustomerId"/> is set, also links the subscription to its
    /// customer. False when the marker was there.
    /// </summary>
    Task<bool> SaveFactsAsync(SubscriptionFacts facts, Guid eventId, DateTimeOffset handledAt, CancellationToken cancellationToken);

    /// <summary>The subscription's facts, read consistently, or null when no event about it has come.</summary>
    Task<SubscriptionFacts?> GetFactsAsync(Guid subscriptionId, CancellationToken cancellationToken);

    /// <summary>The subscriptions linked to the customer, read consistently.</summary>
    Task<IReadOnlyList<Guid>> GetSubscriptionsOfAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>The mail, read consistently, or null.</summary>
    Task<MailRecord?> GetMailAsync(string mailId, CancellationToken cancellationToken);

    /// <summary>Records the mail as <see cref="MailStatus.Pending"/> unless one with its id exists; returns the one that is recorded now.</summary>
    Task<MailRecord> AddMailAsync(MailRecord mail, CancellationToken cancellationToken);

    /// <summary>Marks a pending mail sent or refused; a mail no longer pending is left as it is.</summary>
    Task MarkAsync(string mailId, MailStatus status, DateTimeOffset at, string? reason, CancellationToken cancellationToken);
}
