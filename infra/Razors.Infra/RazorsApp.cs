using Amazon.CDK;
using Razors.Topology;

namespace Razors.Infra;

/// <summary>The three service stacks, each deployable on its own (no cross-stack exports).</summary>
public static class RazorsApp
{
    public const string SubscriptionStack = "RazorsSubscription";
    public const string StockStack = "RazorsStock";
    public const string PaymentsStack = "RazorsPayments";

    /// <summary>Which function of each service is its outbox relay (the only one that puts events on its bus).</summary>
    public static readonly IReadOnlyList<ServiceSpec> Services =
    [
        new(SubscriptionTopology.Service, SubscriptionStack, SubscriptionTopology.Relay, CloudSettings.SubscriptionTable, SubscriptionTopology.Sweeper),
        new(StockTopology.Service, StockStack, StockTopology.Relay, CloudSettings.StockTable, StockTopology.Sweeper),
        new(PaymentsTopology.Service, PaymentsStack, PaymentsTopology.Relay, TableSetting: null, Sweeper: null),
    ];

    public static IReadOnlyList<ServiceStack> AddStacks(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var topology = RazorsTopology.Build();
        var settings = InfraSettings.From(app.Node);
        var repositoryRoot = RepositoryRoot.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        return [.. Services.Select(spec => new ServiceStack(app, spec, topology, settings, repositoryRoot))];
    }
}

/// <summary>
/// One service as the CDK app deploys it: its stack name, its relay function and, for a
/// DynamoDB-backed service, the setting that names its table and the outbox sweeper, which
/// publishes as the relay does.
/// </summary>
public sealed record ServiceSpec(string Service, string StackName, FunctionDefinition Relay, string? TableSetting, FunctionDefinition? Sweeper);
