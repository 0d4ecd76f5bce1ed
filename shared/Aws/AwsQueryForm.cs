using System.Globalization;
using System.Text;

namespace Razors.Aws;

/// <summary>
/// The body of an AWS query-protocol call: <c>Action=…&amp;Version=…</c> then the request's members,
/// lists flattened as <c>Name.member.N</c> (from 1) and structures as <c>Name.member.N.Field</c>.
/// Unset (null) members and empty lists are left out.
/// </summary>
/// <remarks>
/// Keys and values are percent-encoded per RFC 3986 (every byte of the UTF-8 form except
/// <c>A–Z a–z 0–9 - _ . ~</c>), as SigV4 asks: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
/// </remarks>
internal sealed class AwsQueryForm
{
    private readonly List<KeyValuePair<string, string>> fields = [];

    public AwsQueryForm(string action, string version)
    {
        Add("Action", action);
        Add("Version", version);
    }

    /// <summary>The fields in the order they were added.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields => fields;

    public AwsQueryForm Add(string name, string? value)
    {
        if (value is not null)
        {
            fields.Add(new(name, value));
        }

        return this;
    }

    public AwsQueryForm Add(string name, bool? value) => Add(name, Text(value));

    /// <summary>A boolean as the query protocol spells it: <c>true</c> or <c>false</c>; null stays null (left out).</summary>
    public static string? Text(bool? value) => value is null ? null : value.Value ? "true" : "false";

    /// <summary>A list of strings: <c>Name.member.1=…&amp;Name.member.2=…</c>.</summary>
    public AwsQueryForm AddList(string name, IEnumerable<string>? values)
    {
        var index = 0;
        foreach (var value in values ?? [])
        {
            Add(Member(name, ++index), value);
        }

        return this;
    }

    /// <summary>A list of structures: <paramref name="fieldsOf"/> names each item's fields, added as <c>Name.member.N.Field</c>.</summary>
    public AwsQueryForm AddList<T>(string name, IEnumerable<T>? items, Func<T, IEnumerable<(string Field, string? Value)>> fieldsOf)
    {
        ArgumentNullException.ThrowIfNull(fieldsOf);
        var index = 0;
        foreach (var item in items ?? [])
        {
            var prefix = Member(name, ++index);
            foreach (var (field, value) in fieldsOf(item))
            {
                Add($"{prefix}.{field}", value);
            }
        }

        return this;
    }

    /// <summary>The <c>application/x-www-form-urlencoded</c> body.</summary>
    public string Encode()
    {
        var body = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            if (body.Length > 0)
            {
                body.Append('&');
            }

            body.Append(Escape(name)).Append('=').Append(Escape(value));
        }

        return body.ToString();
    }

    /// <summary>
    /// RFC 3986 percent-encoding of the UTF-8 bytes; <see cref="Uri.EscapeDataString(string)"/> leaves
    /// exactly the unreserved characters as they are and writes upper-case hex.
    /// </summary>
    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static string Member(string name, int index) => string.Create(CultureInfo.InvariantCulture, $"{name}.member.{index}");
}
