using Amazon.CDK;
using Razors.Topology;

namespace Razors.Infra;

/// <summary>The service stacks, each deployable on its own (no cross-stack exports).</summary>
public static class RazorsApp
{
    public const string SubscriptionStack = "RazorsSubscription";
    public const string StockStack = "RazorsStock";
    public const string PaymentsStack = "RazorsPayments";
    public const string CustomersStack = "RazorsCustomers";
    public const string NotificationsStack = "RazorsNotifications";
    public const string InsightsStack = "RazorsInsights";

    /// <summary>Which function of each service is its outbox relay (the only one that puts events on its bus), if it raises events.</summary>
    public static readonly IReadOnlyList<ServiceSpec> Services =
    [
        new(SubscriptionTopology.Service, SubscriptionStack, SubscriptionTopology.Relay, CloudSettings.SubscriptionTable, SubscriptionTopology.Sweeper),
        new(StockTopology.Service, StockStack, StockTopology.Relay, CloudSettings.StockTable, StockTopology.Sweeper),
        new(PaymentsTopology.Service, PaymentsStack, PaymentsTopology.Relay, TableSetting: null, Sweeper: null),
        new(CustomersTopology.Service, CustomersStack, CustomersTopology.Relay, CloudSettings.CustomersTable, CustomersTopology.Sweeper)
        {
            // The replica and the import parser never touch the customers table; the API also reads
            // the replica and stores the uploaded files. The inserter uses the store like any consumer.
            Uses =
            [
                new(CustomersTopology.Replica, CustomersTopology.RegionTable.Name, CloudSettings.CustomersRegionTable, ResourceAccess.ReadWriteData),
                new(CustomersTopology.Replica, CustomersTopology.ReplicaDeadLetterQueue.Name, CloudSettings.CustomersReplicaDeadLetterQueueUrl, ResourceAccess.SendMessages),
                new(CustomersTopology.ImportParser, CustomersTopology.UploadStore.Name, CloudSettings.CustomersUploadBucket, ResourceAccess.GetObjects),
                new(CustomersTopology.ImportParser, CustomersTopology.ImportRows.Name, CloudSettings.CustomersImportRowsQueueUrl, ResourceAccess.SendMessages),
                new(CustomersTopology.Api.Function, CustomersTopology.Table.Name, CloudSettings.CustomersTable, ResourceAccess.ReadWriteData),
                new(CustomersTopology.Api.Function, CustomersTopology.RegionTable.Name, CloudSettings.CustomersRegionTable, ResourceAccess.ReadData),
                new(CustomersTopology.Api.Function, CustomersTopology.UploadStore.Name, CloudSettings.CustomersUploadBucket, ResourceAccess.PutObjects),
            ],
        },
        // Raises no events: no relay, no sweeper. The consumer sends the mails (through SES's SMTP interface).
        new(NotificationsTopology.Service, NotificationsStack, Relay: null, CloudSettings.NotificationsTable, Sweeper: null)
        {
            Mail = new MailSpec(
                [NotificationsTopology.Consumer],
                CloudSettings.NotificationsSender,
                CloudSettings.NotificationsSmtpHost,
                CloudSettings.NotificationsSmtpPort,
                CloudSettings.NotificationsSmtpSecretArn),
        },
        new(InsightsTopology.Service, InsightsStack, Relay: null, CloudSettings.InsightsTable, Sweeper: null)
        {
            // The leaderboard API only queries the board index; the consumer keeps the read model.
            Uses = [new(InsightsTopology.Api.Function, InsightsTopology.Table.Name, CloudSettings.InsightsTable, ResourceAccess.ReadData)],
        },
    ];

    /// <summary>
    /// The order a deploy of every stack follows (<c>razors deploy --all</c>, <c>cdk deploy --all</c>);
    /// no stack needs another to exist, so this only keeps events from waiting. The insights stack
    /// comes first: its bucket is where every bus's delivery stream writes. A service's events are
    /// forwarded to buses that exist by the time it deploys: customers after notifications, and
    /// subscription, which starts every saga, after the services that consume its events.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> DeployAfter = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [StockStack] = [InsightsStack],
        [PaymentsStack] = [InsightsStack],
        [NotificationsStack] = [InsightsStack],
        [CustomersStack] = [InsightsStack, NotificationsStack],
        [SubscriptionStack] = [InsightsStack, StockStack, PaymentsStack, NotificationsStack],
    };

    /// <summary>
    /// The stacks the app synthesizes: with context <c>razors:bootstrap</c> = <c>true</c> the bootstrap
    /// stack alone (<see cref="BootstrapStack"/>), otherwise the service stacks.
    /// </summary>
    public static IReadOnlyList<Stack> Compose(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return BootstrapSettings.Requested(app.Node)
            ? [new BootstrapStack(app, BootstrapSettings.From(app.Node))]
            : [.. AddStacks(app)];
    }

    public static IReadOnlyList<ServiceStack> AddStacks(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var topology = RazorsTopology.Build();
        var settings = InfraSettings.From(app.Node);
        var repositoryRoot = RepositoryRoot.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        var stacks = Services.Select(spec => new ServiceStack(app, spec, topology, settings, repositoryRoot)).ToList();
        foreach (var stack in stacks)
        {
            // An ordering only: no stack references another's resources or exports.
            foreach (var earlier in DeployAfter.GetValueOrDefault(stack.StackName, []))
            {
                stack.AddDependency(stacks.Single(s => s.StackName == earlier), "deploy order (RazorsApp.DeployAfter)");
            }
        }

        return stacks;
    }
}

/// <summary>
/// One service as the CDK app deploys it: its stack name, its relay function (none for a service
/// that raises no events) and, for a DynamoDB-backed service, the setting that names its table
/// (the one whose stream feeds the relay, or its only table) and the outbox sweeper, which
/// publishes as the relay does.
/// </summary>
public sealed record ServiceSpec(string Service, string StackName, FunctionDefinition? Relay, string? TableSetting, FunctionDefinition? Sweeper)
{
    /// <summary>
    /// Whether and how the service sends mail through Amazon SES's SMTP interface (<see cref="SesSmtpMail"/>):
    /// its stack then takes the sender address and the SMTP credentials' secret as parameters.
    /// </summary>
    public MailSpec? Mail { get; init; }

    /// <summary>
    /// What functions use instead of the service's store. A function named here is told and granted
    /// exactly its uses (besides what its feed brings); any other function but the relay and the
    /// sweeper uses the store: the service's table or database.
    /// </summary>
    public IReadOnlyList<ResourceUse> Uses { get; init; } = [];
}

/// <summary>
/// The functions that send mail, and the settings that tell them the sender address, the SMTP
/// server (host and port) and the secret with the SMTP credentials.
/// </summary>
public sealed record MailSpec(IReadOnlyList<FunctionDefinition> Senders, string SenderSetting, string HostSetting, string PortSetting, string CredentialsSecretSetting);

/// <summary>A resource of the service (table, queue or bucket, by topology name) a function uses, the setting that names it to the function, and how.</summary>
public sealed record ResourceUse(FunctionDefinition Function, string Resource, string Setting, ResourceAccess Access);

public enum ResourceAccess
{
    /// <summary>A table: get, query, scan.</summary>
    ReadData,

    /// <summary>A table: read, put, update, delete.</summary>
    ReadWriteData,

    /// <summary>A queue: SendMessage (by its URL).</summary>
    SendMessages,

    /// <summary>A bucket: GetObject on its objects.</summary>
    GetObjects,

    /// <summary>A bucket: PutObject on its objects.</summary>
    PutObjects,
}
