using Razors.LocalCloud.Tests.EventSourceMappings;
using Razors.Topology;
using BusFunction = Razors.LocalCloud.Tests.Buses.RecordingFunction;
using StreamFunction = Razors.LocalCloud.Tests.EventSourceMappings.RecordingFunction;

namespace Razors.LocalCloud.Tests;

public sealed class when_functions_are_checked_against_the_topology
{
    private static readonly TopologyDefinition Topology = new(
        [],
        [new QueueDefinition("inbox", "svc"), new QueueDefinition("dlq", "svc")],
        [],
        [],
        [new FunctionDefinition("relay", "svc"), new FunctionDefinition("consumer", "svc")],
        [new StreamMappingDefinition("relay", "table", "dlq")],
        [new QueueMappingDefinition("consumer", "inbox")]);

    [Fact]
    public void functions_of_the_kinds_their_mappings_call_pass()
    {
        var functions = new LocalFunctions().AddStreamFunction("relay", new StreamFunction()).AddSqsFunction("consumer", new ScriptedFunction());

        functions.CheckAgainst(Topology);
    }

    [Fact]
    public void a_declared_function_without_an_implementation_is_named()
    {
        var functions = new LocalFunctions().AddStreamFunction("relay", new StreamFunction());

        var error = Assert.Throws<InvalidOperationException>(() => functions.CheckAgainst(Topology));

        Assert.Contains("'consumer'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_mapping_function_of_another_kind_is_rejected()
    {
        var functions = new LocalFunctions().AddEventBridgeFunction("relay", new BusFunction(0)).AddSqsFunction("consumer", new ScriptedFunction());

        var error = Assert.Throws<InvalidOperationException>(() => functions.CheckAgainst(Topology));

        Assert.Contains("IDynamoDbStreamFunction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_later_registration_replaces_a_function_of_the_same_name_whatever_its_kind()
    {
        var replacement = new StreamFunction();
        var functions = new LocalFunctions().AddEventBridgeFunction("relay", new BusFunction(0))
            .AddRange(new LocalFunctions().AddStreamFunction("relay", replacement));

        Assert.Same(replacement, functions.StreamFunction("relay"));
        Assert.Null(functions.EventBridgeFunction("relay"));
    }
}
