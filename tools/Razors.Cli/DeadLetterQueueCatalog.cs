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

/// <summary>
/// Every dead-letter queue the topology declares (<see cref="TopologyDefinition.DeadLetterQueues"/>),
/// each with what feeds it: a redrive policy, rule targets or stream mappings.
/// </summary>
internal sealed class DeadLetterQueueCatalog
{
    private readonly Dictionary<string, DeadLetterQueueInfo> byName;

    public DeadLetterQueueCatalog(TopologyDefinition topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var declared = topology.Queues.Select(q => q.Name).ToHashSet(StringComparer.Ordinal);
        All = [.. topology.DeadLetterQueues.Where(declared.Contains).Order(StringComparer.Ordinal).Select(name => Describe(topology, name))];
        byName = All.ToDictionary(q => q.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<DeadLetterQueueInfo> All { get; }

    public bool TryFind(string name, out DeadLetterQueueInfo info) => byName.TryGetValue(name, out info!);

    private static DeadLetterQueueInfo Describe(TopologyDefinition topology, string name)
    {
        var redriven = topology.Queues.Where(q => q.Redrive?.DeadLetterQueue == name).ToList();
        if (redriven.Count > 0)
        {
            return new DeadLetterQueueInfo(name, DeadLetterFeed.QueueRedrive, [.. redriven.Select(q => q.Name)])
            {
                Serves = "redrive of " + string.Join(", ", redriven.Select(q => $"{q.Name} (after {q.Redrive!.MaxReceiveCount} receives)")),
            };
        }

        var targets = topology.Rules.SelectMany(r => r.Targets.Select(t => (Rule: r, Target: t))).Where(x => x.Target.DeadLetterQueue == name).ToList();
        if (targets.Count > 0)
        {
            var rules = targets.Select(x => x.Rule).Distinct().ToList();
            var destinations = targets.Select(x => Destination(x.Target)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            return new DeadLetterQueueInfo(name, DeadLetterFeed.RuleTargets, [.. rules.Select(r => r.Name)])
            {
                Serves = $"EventBridge targets of {rules.Count} rule(s) on {string.Join(", ", rules.Select(r => r.Bus).Distinct(StringComparer.Ordinal))} → {string.Join(", ", destinations)}",
            };
        }

        var buses = topology.Buses.Where(b => b.DeadLetterQueue == name).ToList();
        if (buses.Count > 0)
        {
            // A bus with no rules yet names the DLQ of its own deliveries (the stacks' event log rule).
            return new DeadLetterQueueInfo(name, DeadLetterFeed.RuleTargets, [.. buses.Select(b => b.Name)])
            {
                Serves = $"EventBridge deliveries of {string.Join(", ", buses.Select(b => b.Name))} (its event log)",
            };
        }

        var mappings = topology.StreamMappings.Where(m => m.OnFailureQueue == name).ToList();
        return new DeadLetterQueueInfo(name, DeadLetterFeed.StreamOnFailure, [.. mappings.Select(m => m.Function)])
        {
            Serves = "on-failure of " + string.Join(", ", mappings.Select(m => $"{m.Function} (stream of table {m.Table})")),
        };
    }

    private static string Destination(TargetDefinition target) => target switch
    {
        BusTarget bus => bus.Bus,
        QueueTarget queue => queue.Queue,
        FunctionTarget function => function.Function,
        DeliveryStreamTarget stream => stream.DeliveryStream,
        _ => target.Id,
    };
}
