using System.Net.Mail;

namespace Razors.Customers.Domain;

/// <summary>What an email address must look like, and how two addresses are compared.</summary>
public static class EmailAddresses
{
    /// <summary>RFC 5321's limit on a path, less the angle brackets.</summary>
    public const int MaxLength = 254;

    /// <summary>The rule as a field error says it.</summary>
    public const string Rule = "must be an email address such as ada@example.com: one '@', a domain with a dot, no spaces or display name, at most 254 characters.";

    /// <summary>
    /// True for a bare address (no display name, no comments, no white space) with a dotted
    /// domain. .NET's <see cref="MailAddress"/> does the RFC 5322 parsing; the rest are the rules
    /// of a deliverable address on the public internet.
    /// </summary>
    public static bool IsValid(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Length is 0 or > MaxLength || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        if (!MailAddress.TryCreate(address, out var parsed) || parsed.Address != address || parsed.DisplayName.Length != 0)
        {
            return false;
        }

        var domain = parsed.Host;
        return domain.Contains('.', StringComparison.Ordinal)
            && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.StartsWith('[');
    }

    /// <summary>
    /// The key uniqueness compares: the address lower-cased. Domains are case-insensitive, and no
    /// mail provider Razors sends to treats the local part's case as significant either, so
    /// <c>Ada@Example.com</c> and <c>ada@example.com</c> are one customer.
    /// </summary>
    public static string Key(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.ToLowerInvariant();
    }
}
