using System.Reflection;
using Razors.Topology;

namespace Razors.Lambda.Tests;

/// <summary>The handler strings the stacks give Lambda, resolved the way Lambda's .NET runtime resolves them.</summary>
public sealed class when_lambda_loads_the_handlers_the_topology_names
{
    public static TheoryData<string, string> Handlers()
    {
        var topology = RazorsTopology.Build();
        var data = new TheoryData<string, string>();
        foreach (var function in topology.Functions.Concat(topology.HttpApis.Select(api => api.Function)))
        {
            Assert.NotNull(function.Code);
            data.Add(function.Name, function.Code.Handler);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Handlers))]
    public void each_is_a_public_static_method_from_stream_to_task_of_stream(string function, string handler)
    {
        var parts = handler.Split("::");
        Assert.True(parts.Length == 3, $"{function}: '{handler}' is not Assembly::Type::Method.");
        var (assemblyName, typeName, methodName) = (parts[0], parts[1], parts[2]);

        var assembly = Assembly.Load(new AssemblyName(assemblyName));
        var type = assembly.GetType(typeName, throwOnError: false);
        Assert.True(type is not null, $"{function}: no type {typeName} in {assemblyName}.");
        var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static);
        Assert.True(method is not null, $"{function}: no public static {typeName}.{methodName}.");
        Assert.Equal([typeof(Stream)], method.GetParameters().Select(p => p.ParameterType));
        Assert.Equal(typeof(Task<Stream>), method.ReturnType);
    }
}
