using System.Text.Json;

namespace Razors.LocalCloud.Patterns;

/// <summary>
/// A scalar event value prepared once for all the matchers of a leaf: strings are decoded, numbers
/// read from their raw JSON text (so <c>3.0e2</c> is 300).
/// </summary>
internal readonly ref struct EventScalar
{
    public EventScalar(JsonElement element, ReadOnlySpan<char> text, double number, bool isNumber)
    {
        Element = element;
        Text = text;
        Number = number;
        IsNumber = isNumber;
    }

    public JsonElement Element { get; }

    public JsonValueKind Kind => Element.ValueKind;

    public bool IsString => Element.ValueKind == JsonValueKind.String;

    /// <summary>The string value; empty unless <see cref="IsString"/>.</summary>
    public ReadOnlySpan<char> Text { get; }

    /// <summary>True for a JSON number that fits a double; numeric matchers see only these.</summary>
    public bool IsNumber { get; }

    public double Number { get; }
}
