namespace Razors.LocalCloud.Buses;

/// <summary>
/// An event as the bus archived it. <paramref name="Time"/> is the event's <c>time</c>;
/// <paramref name="ForwardedFrom"/> names the bus that forwarded it here, if any.
/// </summary>
public sealed record ArchivedEvent(
    long Sequence,
    string Bus,
    string EventId,
    DateTimeOffset Time,
    DateTimeOffset ArchivedAt,
    string? ForwardedFrom,
    string Json);

/// <summary>
/// A replay and what it did. A local replay runs to completion inside <c>StartReplay</c>: when it
/// returns, every archived event in the window has been handed to the matching rules' targets.
/// </summary>
public sealed record ReplayState(
    string Name,
    string Bus,
    DateTimeOffset EventStartTime,
    DateTimeOffset EventEndTime,
    IReadOnlyList<string>? RuleNames,
    string State,
    int EventsReplayed,
    int DeliveriesScheduled,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt)
{
    public const string Completed = "COMPLETED";
}
