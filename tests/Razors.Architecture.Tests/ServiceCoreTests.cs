using System.Reflection;
using Razors.Customers.Domain;
using Razors.Notifications.Domain;
using Razors.Payments.Domain;
using Razors.Stock.Domain;
using Razors.Subscription.Domain;

namespace Razors.Architecture.Tests;

/// <summary>
/// A service's core (domain, use cases, ports) knows no cloud SDK, no database driver, no mail library, no
/// adapter or host project and no Lambda, DynamoDB or API Gateway shape: those live in the
/// service's store adapter and deployables, which reference the core, never the other way.
/// </summary>
public sealed class when_the_service_cores_are_inspected
{
    private static readonly Dictionary<string, Assembly> Cores = new(StringComparer.Ordinal)
    {
        ["Razors.Subscription"] = typeof(SubscriptionState).Assembly,
        ["Razors.Stock"] = typeof(Allocation).Assembly,
        ["Razors.Payments"] = typeof(Payment).Assembly,
        ["Razors.Customers"] = typeof(Customer).Assembly,
        ["Razors.Insights"] = typeof(Razors.Insights.Domain.SubscriptionFacts).Assembly,
        ["Razors.Notifications"] = typeof(MailRecord).Assembly,
    };

    private static readonly string[] BannedAssemblyPrefixes =
        ["AWSSDK", "Amazon", "MongoDB", "MailKit", "MimeKit", "SmtpServer", "Razors.Aws", "Razors.Lambda", "Razors.LocalCloud", "Razors.LocalHost"];

    private static readonly string[] BannedNamespacePrefixes =
        ["Amazon", "MongoDB", "Razors.Aws", "Razors.Lambda", "Razors.LocalCloud"];

    // Lambda payloads (SQSEvent, DynamoDBEvent, APIGatewayHttpApiV2ProxyRequest, CloudWatchEvent…),
    // DynamoDB items and attribute values, whatever namespace a copy of them would sit in.
    private static readonly string[] BannedTypeNameParts =
        ["Lambda", "DynamoDB", "Dynamodb", "APIGateway", "ApiGateway", "SQSEvent", "SQSBatch", "StreamsEvent", "CloudWatchEvent", "AttributeValue"];

    public static TheoryData<string> CoreNames => [.. Cores.Keys];

    [Theory]
    [MemberData(nameof(CoreNames))]
    public void the_core_references_no_cloud_sdk_database_driver_adapter_or_host(string core)
    {
        var assembly = Cores[core];
        var references = assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name =>
            BannedAssemblyPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))
            || name.StartsWith(core + ".", StringComparison.Ordinal));
        Assert.Contains("Razors.Messaging", references);
    }

    [Theory]
    [MemberData(nameof(CoreNames))]
    public void nothing_the_core_references_reaches_a_cloud_sdk_or_database_driver(string core)
    {
        var reached = Reachable(Cores[core]);

        Assert.DoesNotContain(reached, name => BannedAssemblyPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(CoreNames))]
    public void no_type_the_core_declares_or_uses_in_a_signature_is_a_cloud_shape(string core)
    {
        var offending = Cores[core].GetTypes()
            .SelectMany(type => SignatureTypes(type).Select(used => (type, used)))
            .Where(pair => IsCloudShape(pair.used))
            .Select(pair => $"{pair.type.FullName} uses {pair.used.FullName}")
            .Distinct()
            .ToList();

        Assert.Empty(offending);
    }

    /// <summary>The names of every assembly reachable from <paramref name="root"/> through Razors assemblies.</summary>
    private static HashSet<string> Reachable(Assembly root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([root]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (seen.Add(reference.Name!) && reference.Name!.StartsWith("Razors.", StringComparison.Ordinal))
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }

        return seen;
    }

    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The type itself and every type in its base, interfaces, fields, properties, events and method signatures.</summary>
    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        var direct = new List<Type> { type };
        if (type.BaseType is not null)
        {
            direct.Add(type.BaseType);
        }

        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(Declared).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(Declared).Select(p => p.PropertyType));
        direct.AddRange(type.GetEvents(Declared).Select(e => e.EventHandlerType!));
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }

            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
        }

        return direct.SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            return type.GetGenericArguments().SelectMany(Unwrap).Prepend(type.GetGenericTypeDefinition());
        }

        return [type];
    }

    private static bool IsCloudShape(Type type) =>
        !type.IsGenericParameter
        && (BannedNamespacePrefixes.Any(prefix => (type.Namespace ?? "").StartsWith(prefix, StringComparison.Ordinal))
            || BannedTypeNameParts.Any(part => type.Name.Contains(part, StringComparison.Ordinal)));
}
