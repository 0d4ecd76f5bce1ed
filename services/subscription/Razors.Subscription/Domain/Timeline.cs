using System.Collections;
using System.Collections.Immutable;

namespace Razors.Subscription.Domain;

/// <summary>
/// What moved a subscription, oldest first. It equals another timeline with the same entries, so
/// states compare by value.
/// </summary>
/// <remarks>
/// The saga bounds it: created, stock allocated, payment created, activated, payment cancelled,
/// cancelled. Late and repeated events add nothing, so it stays within <see cref="MaxEntries"/>
/// and the subscription item stays far below DynamoDB's 400 KB.
/// </remarks>
public sealed class Timeline : IReadOnlyList<TimelineEntry>, IEquatable<Timeline>
{
    public const int MaxEntries = 6;

    public static readonly Timeline Empty = new([]);

    private readonly ImmutableArray<TimelineEntry> entries;

    private Timeline(ImmutableArray<TimelineEntry> entries) => this.entries = entries;

    public int Count => entries.Length;

    public TimelineEntry this[int index] => entries[index];

    public static Timeline Of(IEnumerable<TimelineEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Aggregate(Empty, (timeline, entry) => timeline.Append(entry));
    }

    /// <exception cref="InvalidOperationException">It would grow past <see cref="MaxEntries"/>: a transition the saga does not have.</exception>
    public Timeline Append(TimelineEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entries.Length == MaxEntries)
        {
            throw new InvalidOperationException($"A subscription's timeline holds at most {MaxEntries} entries; {entry.EventType} would be one more.");
        }

        return new Timeline(entries.Add(entry));
    }

    public bool Equals(Timeline? other) => other is not null && entries.SequenceEqual(other.entries);

    public override bool Equals(object? obj) => Equals(obj as Timeline);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var entry in entries)
        {
            hash.Add(entry);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<TimelineEntry> GetEnumerator() => ((IEnumerable<TimelineEntry>)entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
