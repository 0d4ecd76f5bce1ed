using System.Collections;
using System.Globalization;

namespace Razors.Messaging;

/// <summary>
/// The state of a logging scope: named values that structured loggers write as properties
/// (the JSON console writes each one), and one readable line for the plain-text ones.
/// </summary>
public sealed class LogScopeState(IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => values.Count;

    public KeyValuePair<string, object?> this[int index] => values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        string.Join(" ", values.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key}:{v.Value}")));
}
