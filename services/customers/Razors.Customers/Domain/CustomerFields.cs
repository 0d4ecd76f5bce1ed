using Razors.ServiceDefaults;

namespace Razors.Customers.Domain;

/// <summary>
/// The one validation of a registration, for <c>POST /customers</c> and each row of a bulk import:
/// every field is required text, trimmed, within its length, without control characters; the
/// email is an address (<see cref="EmailAddresses"/>); the city holds no <c>#</c> (the replica's key
/// separator); the postcode is letters, digits, spaces and hyphens. Every bad field is named.
/// </summary>
public static class CustomerFields
{
    public const string Name = "name";
    public const string Email = "email";
    public const string State = "state";
    public const string City = "city";
    public const string Postcode = "postcode";

    /// <summary>The fields, in the order a CSV header usually names them.</summary>
    public static readonly IReadOnlyList<string> All = [Name, Email, State, City, Postcode];

    public const int MaxNameLength = 100;
    public const int MaxRegionLength = 64;
    public const int MaxPostcodeLength = 16;

    /// <summary>
    /// The details, or null with each problem added to <paramref name="errors"/>. A field that is
    /// absent or null is missing.
    /// </summary>
    public static CustomerDetails? Validate(IReadOnlyDictionary<string, string?> fields, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(errors);
        var name = Text(fields, Name, MaxNameLength, errors);
        var email = Text(fields, Email, EmailAddresses.MaxLength, errors);
        if (email is not null && !EmailAddresses.IsValid(email))
        {
            errors.Add(Email, EmailAddresses.Rule);
            email = null;
        }

        var (state, city) = Region(fields.GetValueOrDefault(State), fields.GetValueOrDefault(City), cityRequired: true, errors);

        var postcode = Text(fields, Postcode, MaxPostcodeLength, errors);
        if (postcode is not null && !postcode.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-'))
        {
            errors.Add(Postcode, "must be ASCII letters, digits, spaces and hyphens.");
            postcode = null;
        }

        return name is null || email is null || state is null || city is null || postcode is null
            ? null
            : new CustomerDetails(name, email, state, city, postcode);
    }

    /// <summary>
    /// A state and a city by the registration's rules, for a registration or a region query (whose
    /// city is optional); null for each one that is invalid, with the problem in <paramref name="errors"/>.
    /// </summary>
    public static (string? State, string? City) Region(string? state, string? city, bool cityRequired, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var checkedState = Text(State, state, MaxRegionLength, errors);
        if (!cityRequired && city is null)
        {
            return (checkedState, null);
        }

        var checkedCity = Text(City, city, MaxRegionLength, errors);
        if (checkedCity is not null && checkedCity.Contains('#', StringComparison.Ordinal))
        {
            errors.Add(City, "must not contain '#'.");
            checkedCity = null;
        }

        return (checkedState, checkedCity);
    }

    private static string? Text(IReadOnlyDictionary<string, string?> fields, string field, int maxLength, FieldErrors errors) =>
        Text(field, fields.GetValueOrDefault(field), maxLength, errors);

    private static string? Text(string field, string? text, int maxLength, FieldErrors errors)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, "is required.");
            return null;
        }

        if (value.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters.");
            return null;
        }

        // Both ways in are Unicode text already (RequestJson refuses lone surrogates, the import
        // refuses a file that is not UTF-8), so control characters are all that is left to refuse.
        if (value.Any(char.IsControl))
        {
            errors.Add(field, "must not contain control characters.");
            return null;
        }

        return value;
    }
}
