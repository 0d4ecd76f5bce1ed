namespace Razors.Notifications.Domain;

/// <summary>Who a customer's mails go to: kept from <c>CustomerRegistered</c>, the only event that carries an address.</summary>
public sealed record Contact(string CustomerId, string Name, string Email);
