using Razors.Contracts;
using Razors.Customers.Domain;
using Razors.Messaging.Outbox;

namespace Razors.Customers.Features;

/// <summary>Turns an event a registration raised into the outbox record stored with the customer. The customer's id starts the correlation.</summary>
public static class CustomersEvents
{
    /// <param name="data">The event.</param>
    /// <param name="after">The customer after the change: its id and version identify the aggregate.</param>
    /// <param name="eventId">The id the registration was given for the event.</param>
    /// <param name="occurredAt">When the change is committed.</param>
    /// <param name="cause">The incoming event that caused this one; null for a customer's request or an import row.</param>
    public static OutboxRecord ToOutbox<T>(T data, Customer after, Guid eventId, DateTimeOffset occurredAt, EventMetadata? cause = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(after);
        return OutboxRecord.Raise(
            data, eventId, occurredAt, (after.Id, after.Version),
            cause?.CorrelationId ?? after.Id.ToString("D", System.Globalization.CultureInfo.InvariantCulture), cause);
    }

    /// <summary>The event of a new customer: what consumers need, never the postcode.</summary>
    public static CustomerRegistered Registered(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var details = customer.Details;
        return new CustomerRegistered
        {
            CustomerId = customer.Id,
            Name = details.Name,
            Email = details.Email,
            State = details.State,
            City = details.City,
            ImportId = customer.ImportId,
        };
    }
}
