using Razors.Lambda.Events;
using Razors.Topology;

namespace Razors.LocalCloud;

/// <summary>
/// The local cloud's functions by name, each registered as the kind of function its event source
/// calls: a DynamoDB stream mapping, an SQS mapping or an EventBridge rule target.
/// <see cref="CheckAgainst"/> says at start-up which declared function is missing or of the wrong kind.
/// </summary>
public sealed class LocalFunctions
{
    private readonly Dictionary<string, IDynamoDbStreamFunction> streamFunctions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ISqsFunction> sqsFunctions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IEventBridgeFunction> eventBridgeFunctions = new(StringComparer.Ordinal);

    /// <summary>Every registered name, of any kind.</summary>
    public IEnumerable<string> Names => streamFunctions.Keys.Concat(sqsFunctions.Keys).Concat(eventBridgeFunctions.Keys).Distinct(StringComparer.Ordinal);

    /// <summary>A function fed by a DynamoDB stream mapping; replaces any function of that name.</summary>
    public LocalFunctions AddStreamFunction(string name, IDynamoDbStreamFunction function) => Add(name, function, streamFunctions);

    /// <summary>A function fed by an SQS mapping; replaces any function of that name.</summary>
    public LocalFunctions AddSqsFunction(string name, ISqsFunction function) => Add(name, function, sqsFunctions);

    /// <summary>A function invoked by EventBridge rule targets; replaces any function of that name.</summary>
    public LocalFunctions AddEventBridgeFunction(string name, IEventBridgeFunction function) => Add(name, function, eventBridgeFunctions);

    /// <summary>Adds every function of <paramref name="overrides"/>, replacing this registry's functions of the same names.</summary>
    public LocalFunctions AddRange(LocalFunctions overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var (name, function) in overrides.streamFunctions)
        {
            AddStreamFunction(name, function);
        }

        foreach (var (name, function) in overrides.sqsFunctions)
        {
            AddSqsFunction(name, function);
        }

        foreach (var (name, function) in overrides.eventBridgeFunctions)
        {
            AddEventBridgeFunction(name, function);
        }

        return this;
    }

    public IDynamoDbStreamFunction StreamFunction(string name) => Find(name, streamFunctions, "a DynamoDB stream mapping");

    public ISqsFunction SqsFunction(string name) => Find(name, sqsFunctions, "an SQS mapping");

    /// <summary>Null when there is none: EventBridge then dead-letters the event as for a missing function.</summary>
    public IEventBridgeFunction? EventBridgeFunction(string name) => eventBridgeFunctions.GetValueOrDefault(name);

    /// <summary>
    /// Throws unless every function <paramref name="topology"/> declares is registered, and each
    /// mapping's function is registered as the kind its mapping calls.
    /// </summary>
    public void CheckAgainst(TopologyDefinition topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var names = Names.ToHashSet(StringComparer.Ordinal);
        foreach (var function in topology.Functions.Where(f => !names.Contains(f.Name)))
        {
            throw new InvalidOperationException($"Function '{function.Name}' is declared in the topology but the host has no implementation for it.");
        }

        foreach (var mapping in topology.StreamMappings)
        {
            StreamFunction(mapping.Function);
        }

        foreach (var mapping in topology.QueueMappings)
        {
            SqsFunction(mapping.Function);
        }
    }

    private LocalFunctions Add<T>(string name, T function, Dictionary<string, T> kind)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(function);
        streamFunctions.Remove(name);
        sqsFunctions.Remove(name);
        eventBridgeFunctions.Remove(name);
        kind[name] = function;
        return this;
    }

    private static T Find<T>(string name, Dictionary<string, T> kind, string source)
        where T : class =>
        kind.GetValueOrDefault(name)
            ?? throw new InvalidOperationException($"Function '{name}' must be registered as {typeof(T).Name} to be fed by {source}.");
}
