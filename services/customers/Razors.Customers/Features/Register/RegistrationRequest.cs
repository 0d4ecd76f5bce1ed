using System.Text.Json;
using Razors.Customers.Domain;
using Razors.ServiceDefaults;

namespace Razors.Customers.Features.Register;

/// <summary>
/// Reads the body of <c>POST /customers</c>: a body that is not a JSON object of Unicode text is
/// <see cref="Malformed"/> (400); an object with a field that is unknown, repeated, not a string or
/// invalid by <see cref="CustomerFields"/> is <see cref="Invalid"/> (422), every bad field named.
/// </summary>
public abstract record RegistrationRequest
{
    private RegistrationRequest()
    {
    }

    public sealed record Valid(CustomerDetails Details) : RegistrationRequest;

    public sealed record Malformed(string Detail) : RegistrationRequest;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : RegistrationRequest;

    public static RegistrationRequest Parse(ReadOnlyMemory<byte> body)
    {
        using var document = RequestJson.ParseObject(body, out var detail);
        return document is null ? new Malformed(detail!) : Read(document.RootElement);
    }

    private static RegistrationRequest Read(JsonElement body)
    {
        var errors = new FieldErrors();
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!CustomerFields.All.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(property.Name, "is not a field of this request (names are case-sensitive).");
            }
            else if (!named.Add(property.Name))
            {
                errors.Add(property.Name, "appears more than once.");
            }
            else if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null)
            {
                fields[property.Name] = property.Value.GetString();
            }
            else
            {
                errors.Add(property.Name, "must be a string.");
            }
        }

        // A field named wrongly above is not also called missing.
        var validation = new FieldErrors();
        var details = CustomerFields.Validate(fields, validation);
        var wrong = errors.ToDictionary();
        foreach (var (field, messages) in validation.ToDictionary().Where(e => !wrong.ContainsKey(e.Key) || fields.ContainsKey(e.Key)))
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }

        return errors.Any || details is null ? new Invalid(errors.ToDictionary()) : new Valid(details);
    }
}
