namespace Razors.LocalCloud.EventSourceMappings;

/// <summary>
/// Stream sequence numbers are decimal strings of up to 40 digits: compare them as numbers.
/// (DynamoDB Local zero-pads them; AWS does not promise a fixed width.)
/// </summary>
internal static class SequenceNumbers
{
    public static int Compare(string left, string right)
    {
        var a = left.TrimStart('0');
        var b = right.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
    }
}
