namespace Razors.Contracts;

/// <summary>
/// A customer registered (through <c>POST /customers</c> or a row of a bulk import). It carries what
/// its consumers need — the address for the welcome mail, the region for regional views — and never
/// the postcode, which stays in the customers service.
/// </summary>
public sealed record CustomerRegistered
{
    /// <summary>The customer.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>The name to greet the customer by.</summary>
    public required string Name { get; init; }

    /// <summary>The customer's email address, as registered.</summary>
    public required string Email { get; init; }

    /// <summary>The state (or county) the customer lives in.</summary>
    public required string State { get; init; }

    /// <summary>The city the customer lives in.</summary>
    public required string City { get; init; }

    /// <summary>The bulk import that registered the customer, if one did.</summary>
    public string? ImportId { get; init; }
}
