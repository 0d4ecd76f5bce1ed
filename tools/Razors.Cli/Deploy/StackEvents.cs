using Razors.Aws.CloudFormation;

namespace Razors.Cli.Deploy;

/// <summary>
/// Reads a stack's new events: <c>DescribeStackEvents</c> answers newest first, a page at a time,
/// so each poll reads pages until it reaches an event it has seen or one from before the operation
/// began, and hands the new ones on oldest first, each once (by <c>EventId</c>). The start is the
/// newest event before the operation, not a time, so no clock has to agree with AWS's.
/// </summary>
internal sealed class StackEvents
{
    private readonly IAmazonCloudFormation cloudFormation;
    private readonly string stackId;
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    private StackEvents(IAmazonCloudFormation cloudFormation, string stackId)
    {
        this.cloudFormation = cloudFormation;
        this.stackId = stackId;
    }

    /// <summary>Follows <paramref name="stackId"/> from now: the events it already has are never handed on.</summary>
    public static async Task<StackEvents> FromNowAsync(IAmazonCloudFormation cloudFormation, string stackId, CancellationToken cancellationToken)
    {
        var events = new StackEvents(cloudFormation, stackId);
        var newest = await cloudFormation.DescribeStackEventsAsync(new DescribeStackEventsRequest { StackName = stackId }, cancellationToken);
        if (newest.StackEvents.FirstOrDefault()?.EventId is { } id)
        {
            events.seen.Add(id);
        }

        return events;
    }

    /// <summary>Every event so far, oldest first.</summary>
    public List<StackEvent> All { get; } = [];

    /// <summary>The events since the last poll, oldest first.</summary>
    public async Task<IReadOnlyList<StackEvent>> PollAsync(CancellationToken cancellationToken)
    {
        var fresh = new List<StackEvent>();
        string? next = null;
        do
        {
            var page = await cloudFormation.DescribeStackEventsAsync(new DescribeStackEventsRequest { StackName = stackId, NextToken = next }, cancellationToken);
            var reachedKnown = false;
            foreach (var e in page.StackEvents)
            {
                if (seen.Contains(e.EventId ?? ""))
                {
                    reachedKnown = true;
                    break;
                }

                fresh.Add(e);
            }

            next = reachedKnown ? null : page.NextToken;
        }
        while (next is not null);

        fresh.Reverse();
        var added = fresh.Where(e => seen.Add(e.EventId ?? "")).ToList();
        All.AddRange(added);
        return added;
    }

    /// <summary>
    /// The first resource that failed and why, as CloudFormation reported it: the cause, not the
    /// resources cancelled after it (whose reason is "Resource update cancelled").
    /// </summary>
    public StackEvent? FirstFailure() =>
        All.FirstOrDefault(e => e.ResourceStatus?.EndsWith("_FAILED", StringComparison.Ordinal) == true
                && e.ResourceStatusReason?.Contains("cancelled", StringComparison.OrdinalIgnoreCase) != true)
            ?? All.FirstOrDefault(e => e.ResourceStatus?.EndsWith("_FAILED", StringComparison.Ordinal) == true);
}
