namespace Razors.Customers.Domain;

/// <summary>A registered customer. Registration is the only write today, so a customer is at version 1.</summary>
/// <param name="Id">The customer's id.</param>
/// <param name="Details">What the customer registered with.</param>
/// <param name="Version">The item's version; the region replica never lets an older one replace a newer one.</param>
/// <param name="RegisteredAt">When the registration committed.</param>
public sealed record Customer(Guid Id, CustomerDetails Details, long Version, DateTimeOffset RegisteredAt)
{
    /// <summary>The bulk import that registered the customer; null for <c>POST /customers</c>.</summary>
    public string? ImportId { get; init; }
}

/// <summary>A customer's name, address and region, validated (<see cref="CustomerFields"/>).</summary>
public sealed record CustomerDetails(string Name, string Email, string State, string City, string Postcode)
{
    /// <summary>The address as uniqueness compares it (<see cref="EmailAddresses.Key"/>).</summary>
    public string EmailKey => EmailAddresses.Key(Email);
}
