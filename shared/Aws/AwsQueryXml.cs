using System.Globalization;
using System.Xml.Linq;

namespace Razors.Aws;

/// <summary>Reading query-protocol XML by element local name.</summary>
internal static class AwsQueryXml
{
    public static XElement? Child(this XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    /// <summary>The text of child <paramref name="name"/>, or null when it is absent.</summary>
    public static string? Text(this XElement parent, string name) => parent.Child(name)?.Value;

    /// <summary>The <c>&lt;member&gt;</c> elements of list <paramref name="name"/>; none when it is absent or empty.</summary>
    public static IEnumerable<XElement> Members(this XElement parent, string name) =>
        parent.Child(name)?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    public static List<string> Strings(this XElement parent, string name) => [.. parent.Members(name).Select(m => m.Value)];

    public static bool? Bool(this XElement parent, string name) =>
        parent.Text(name) is { } text ? bool.Parse(text.Trim()) : null;

    /// <summary>An ISO-8601 timestamp (<c>2010-07-27T22:28:28.123Z</c>, fractions optional) as a UTC <see cref="DateTime"/>.</summary>
    public static DateTime? Time(this XElement parent, string name) =>
        parent.Text(name) is { } text
            ? DateTimeOffset.Parse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime
            : null;
}
