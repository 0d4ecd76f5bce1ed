using Razors.Topology;

namespace Razors.Cli;

/// <summary>What feeds a dead-letter queue, which decides how its messages look and how to repair them.</summary>
internal enum DeadLetterFeed
{
    /// <summary>SQS moved messages here under a source queue's redrive policy; SQS can move them back.</summary>
    QueueRedrive,

    /// <summary>EventBridge gave up delivering to a rule target; the body is the event.</summary>
    RuleTargets,

    /// <summary>Lambda gave up on a DynamoDB stream batch; the body names the batch's stream coordinates.</summary>
    StreamOnFailure,
}

/// <summary>One dead-letter queue of the topology and what it serves.</summary>
internal sealed record DeadLetterQueueInfo(string Name, DeadLetterFeed Feed, IReadOnlyList<string> Sources)
{
    /// <summary>For people: "redrive of razors-stock-inbound (after 5 receives)" and the like.</summary>
    public required string Serves { get; init; }
}

/// <summary>Every dead-letter queue the topology declares, found from what names it (redrive policies, rule targets, stream mappings).</summary>
internal sealed class DeadLetterQueueCatalog
{
    private readonly Dictionary<string, DeadLetterQueueInfo> byName;

    public DeadLetterQueueCatalog(TopologyDefinition topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var found = new List<DeadLetterQueueInfo>();
        foreach (var group in topology.Queues.Where(q => q.Redrive is not null).GroupBy(q => q.Redrive!.DeadLetterQueue, StringComparer.Ordinal))
        {
            found.Add(new DeadLetterQueueInfo(group.Key, DeadLetterFeed.QueueRedrive, [.. group.Select(q => q.Name)])
            {
                Serves = "redrive of " + string.Join(", ", group.Select(q => $"{q.Name} (after {q.Redrive!.MaxReceiveCount} receives)")),
            });
        }

        var targets = topology.Rules.SelectMany(r => r.Targets.Select(t => (Rule: r, Target: t)));
        foreach (var group in targets.GroupBy(x => x.Target.DeadLetterQueue, StringComparer.Ordinal))
        {
            var rules = group.Select(x => x.Rule).Distinct().ToList();
            var destinations = group.Select(x => Destination(x.Target)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            found.Add(new DeadLetterQueueInfo(group.Key, DeadLetterFeed.RuleTargets, [.. rules.Select(r => r.Name)])
            {
                Serves = $"EventBridge targets of {rules.Count} rule(s) on {string.Join(", ", rules.Select(r => r.Bus).Distinct(StringComparer.Ordinal))} → {string.Join(", ", destinations)}",
            });
        }

        foreach (var group in topology.StreamMappings.GroupBy(m => m.OnFailureQueue, StringComparer.Ordinal))
        {
            found.Add(new DeadLetterQueueInfo(group.Key, DeadLetterFeed.StreamOnFailure, [.. group.Select(m => m.Function)])
            {
                Serves = "on-failure of " + string.Join(", ", group.Select(m => $"{m.Function} (stream of table {m.Table})")),
            });
        }

        var declared = topology.Queues.Select(q => q.Name).ToHashSet(StringComparer.Ordinal);
        All = [.. found.Where(q => declared.Contains(q.Name)).OrderBy(q => q.Name, StringComparer.Ordinal)];
        byName = All.ToDictionary(q => q.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<DeadLetterQueueInfo> All { get; }

    public bool TryFind(string name, out DeadLetterQueueInfo info) => byName.TryGetValue(name, out info!);

    private static string Destination(TargetDefinition target) => target switch
    {
        BusTarget bus => bus.Bus,
        QueueTarget queue => queue.Queue,
        FunctionTarget function => function.Function,
        _ => target.Id,
    };
}
