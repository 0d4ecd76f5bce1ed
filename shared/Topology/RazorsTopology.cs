using System.Text.Json.Nodes;
using Razors.Contracts;

namespace Razors.Topology;

/// <summary>
/// The one declaration of Razors' resources. The local host builds its buses, queues, tables
/// and mappings from it; the CDK stacks build the cloud ones from it.
/// </summary>
public static class RazorsTopology
{
    /// <summary>Lambda filter criteria for every outbox relay: only INSERTs of outbox items reach the function.</summary>
    public static readonly string OutboxInsertFilter = new JsonObject
    {
        ["eventName"] = new JsonArray("INSERT"),
        ["dynamodb"] = new JsonObject
        {
            ["NewImage"] = new JsonObject { [TableAttributes.Kind] = new JsonObject { ["S"] = new JsonArray(TableAttributes.OutboxKind) } },
        },
    }.ToJsonString();

    /// <summary>
    /// The outbox items still waiting for the bus, by shard and commit time: the relay removes an
    /// item from it when the event is published, and the outbox sweeper republishes what stays in
    /// it longer than its grace period (docs/adr/0005-outbox-until-published.md).
    /// </summary>
    public static readonly IndexDefinition PendingOutboxIndex = new("outbox-pending", TableAttributes.OutboxPending, TableAttributes.OccurredAt);

    /// <summary>How many <see cref="TableAttributes.OutboxPending"/> shards the index spreads pending items over.</summary>
    public const int PendingOutboxShards = 4;

    /// <summary>DLQs keep messages for 14 days (the SQS maximum) so an operator has time to look.</summary>
    public const int DeadLetterRetentionSeconds = 14 * 24 * 3600;

    /// <summary>Retries for cross-bus forwarding and consumer rules: a day, as EventBridge's default, but bounded attempts.</summary>
    public static readonly RetryPolicy DeliveryRetry = new(MaximumRetryAttempts: 24, MaximumEventAgeInSeconds: 86_400);

    /// <summary>
    /// Every bus, each with the DLQ its rules' targets share (its lake rule's too). A property, not a
    /// field: the service topologies read this class's fields as they initialize, so its own
    /// initializer must not read theirs.
    /// </summary>
    private static (BusDefinition Bus, QueueDefinition DeadLetters)[] Buses =>
    [
        (SubscriptionTopology.Bus, SubscriptionTopology.EventsDeadLetterQueue),
        (StockTopology.Bus, StockTopology.EventsDeadLetterQueue),
        (PaymentsTopology.Bus, PaymentsTopology.EventsDeadLetterQueue),
        (CustomersTopology.Bus, CustomersTopology.EventsDeadLetterQueue),
        (NotificationsTopology.Bus, NotificationsTopology.EventsDeadLetterQueue),
        (InsightsTopology.Bus, InsightsTopology.EventsDeadLetterQueue),
    ];

    public static TopologyDefinition Build() => new(
        Buses: [.. Buses.Select(b => b.Bus)],
        Queues:
        [
            SubscriptionTopology.RelayDeadLetterQueue, SubscriptionTopology.EventsDeadLetterQueue, SubscriptionTopology.InboundDeadLetterQueue, SubscriptionTopology.Inbound,
            StockTopology.RelayDeadLetterQueue, StockTopology.EventsDeadLetterQueue, StockTopology.InboundDeadLetterQueue, StockTopology.Inbound,
            PaymentsTopology.OutboxDeadLetterQueue, PaymentsTopology.Outbox, PaymentsTopology.EventsDeadLetterQueue, PaymentsTopology.InboundDeadLetterQueue, PaymentsTopology.Inbound,
            CustomersTopology.RelayDeadLetterQueue, CustomersTopology.EventsDeadLetterQueue, CustomersTopology.ReplicaDeadLetterQueue, CustomersTopology.UploadsDeadLetterQueue, CustomersTopology.Uploads,
            CustomersTopology.ImportRowsDeadLetterQueue, CustomersTopology.ImportRows,
            NotificationsTopology.EventsDeadLetterQueue, NotificationsTopology.InboundDeadLetterQueue, NotificationsTopology.Inbound,
            InsightsTopology.EventsDeadLetterQueue, InsightsTopology.InboundDeadLetterQueue, InsightsTopology.Inbound,
        ],
        Rules:
        [
            Forward(SubscriptionTopology.Bus, EventSources.Subscription, StockTopology.Bus, SubscriptionTopology.EventsDeadLetterQueue.Name, EventTypes.SubscriptionCreated, EventTypes.SubscriptionCancelled),
            Forward(SubscriptionTopology.Bus, EventSources.Subscription, PaymentsTopology.Bus, SubscriptionTopology.EventsDeadLetterQueue.Name, EventTypes.SubscriptionCreated, EventTypes.SubscriptionCancelled),
            Forward(StockTopology.Bus, EventSources.Stock, SubscriptionTopology.Bus, StockTopology.EventsDeadLetterQueue.Name, EventTypes.StockAllocated, EventTypes.StockAllocationFailed),
            Forward(PaymentsTopology.Bus, EventSources.Payments, SubscriptionTopology.Bus, PaymentsTopology.EventsDeadLetterQueue.Name, EventTypes.PaymentCreated, EventTypes.PaymentCancelled),
            Forward(PaymentsTopology.Bus, EventSources.Payments, StockTopology.Bus, PaymentsTopology.EventsDeadLetterQueue.Name, EventTypes.PaymentCancelled),
            Forward(SubscriptionTopology.Bus, EventSources.Subscription, NotificationsTopology.Bus, SubscriptionTopology.EventsDeadLetterQueue.Name,
                EventTypes.SubscriptionCreated, EventTypes.SubscriptionActivated, EventTypes.SubscriptionCancelled),
            Forward(CustomersTopology.Bus, EventSources.Customers, NotificationsTopology.Bus, CustomersTopology.EventsDeadLetterQueue.Name, EventTypes.CustomerRegistered),
            Forward(SubscriptionTopology.Bus, EventSources.Subscription, InsightsTopology.Bus, SubscriptionTopology.EventsDeadLetterQueue.Name,
                EventTypes.SubscriptionCreated, EventTypes.SubscriptionActivated, EventTypes.SubscriptionCancelled),
            .. SubscriptionTopology.Consumes.Select(e => Consume(SubscriptionTopology.Bus, e, SubscriptionTopology.Inbound, SubscriptionTopology.EventsDeadLetterQueue.Name)),
            .. StockTopology.Consumes.Select(e => Consume(StockTopology.Bus, e, StockTopology.Inbound, StockTopology.EventsDeadLetterQueue.Name)),
            .. PaymentsTopology.Consumes.Select(e => Consume(PaymentsTopology.Bus, e, PaymentsTopology.Inbound, PaymentsTopology.EventsDeadLetterQueue.Name)),
            .. NotificationsTopology.Consumes.Select(e => Consume(NotificationsTopology.Bus, e, NotificationsTopology.Inbound, NotificationsTopology.EventsDeadLetterQueue.Name)),
            .. InsightsTopology.Consumes.Select(e => Consume(InsightsTopology.Bus, e, InsightsTopology.Inbound, InsightsTopology.EventsDeadLetterQueue.Name)),
            .. Buses.Select(b => ToLake(b.Bus, b.DeadLetters.Name)),
        ],
        Tables: [SubscriptionTopology.Table, StockTopology.Table, CustomersTopology.Table, CustomersTopology.RegionTable, NotificationsTopology.Table, InsightsTopology.Table],
        Functions:
        [
            SubscriptionTopology.Relay, SubscriptionTopology.Sweeper, SubscriptionTopology.SagaDeadlines, SubscriptionTopology.Consumer,
            StockTopology.Relay, StockTopology.Sweeper, StockTopology.Consumer,
            PaymentsTopology.Relay, PaymentsTopology.Consumer,
            CustomersTopology.Relay, CustomersTopology.Sweeper, CustomersTopology.Replica, CustomersTopology.ImportParser, CustomersTopology.ImportInserter,
            NotificationsTopology.Consumer, InsightsTopology.Consumer,
        ],
        StreamMappings: [SubscriptionTopology.RelayMapping, StockTopology.RelayMapping, CustomersTopology.RelayMapping, CustomersTopology.ReplicaMapping],
        QueueMappings:
        [
            SubscriptionTopology.ConsumerMapping, StockTopology.ConsumerMapping, PaymentsTopology.ConsumerMapping, PaymentsTopology.RelayMapping,
            CustomersTopology.ImportParserMapping, CustomersTopology.ImportInserterMapping,
            NotificationsTopology.ConsumerMapping, InsightsTopology.ConsumerMapping,
        ])
    {
        HttpApis = [SubscriptionTopology.Api, StockTopology.Api, PaymentsTopology.Api, CustomersTopology.Api, InsightsTopology.Api],
        Schedules = [SubscriptionTopology.SweeperSchedule, SubscriptionTopology.SagaDeadlineSchedule, StockTopology.SweeperSchedule, CustomersTopology.SweeperSchedule],
        Workers = [PaymentsTopology.OutboxWorker],
        Buckets = [CustomersTopology.UploadStore],
        Lake = InsightsTopology.Lake,
        DeliveryStreams = [.. Buses.Select(b => LakeStream(b.Bus))],
    };

    /// <summary>A bus's delivery stream into the event lake, owned by the bus's service.</summary>
    public static DeliveryStreamDefinition LakeStream(BusDefinition bus) => new($"{bus.Name}-lake", bus.OwnerService, bus.Name);

    /// <summary>
    /// A bus's rule that sends every Razors event on it (its own and those forwarded to it) into its
    /// delivery stream of the event lake.
    /// </summary>
    public static RuleDefinition ToLake(BusDefinition bus, string deadLetterQueue) => new(
        bus.Name,
        $"{bus.Name}-to-lake",
        new JsonObject { ["source"] = new JsonArray(new JsonObject { ["prefix"] = "razors." }) }.ToJsonString(),
        [new DeliveryStreamTarget("lake", LakeStream(bus).Name, DeliveryRetry, deadLetterQueue)])
    {
        Description = $"Every event on {bus.Name} into the event lake.",
    };

    /// <summary>
    /// A service's Lambda code: one project per service (<c>services/&lt;service&gt;/Razors.&lt;Service&gt;.Lambda</c>),
    /// one static <c>Functions</c> class, one method per function.
    /// </summary>
    public static LambdaCode LambdaCodeOf(string service, string pascalName, string method)
    {
        var assembly = $"Razors.{pascalName}.Lambda";
        return new LambdaCode($"services/{service}/{assembly}/{assembly}.csproj", assembly, $"{assembly}.Functions", method);
    }

    /// <summary>
    /// A producer-owned rule on its own bus forwarding the named events of <paramref name="source"/>
    /// to a consumer's bus (one hop; cross-account in the cloud).
    /// </summary>
    public static RuleDefinition Forward(BusDefinition from, string source, BusDefinition to, string deadLetterQueue, params EventType[] events) => new(
        from.Name,
        $"{from.Name}-to-{to.OwnerService}",
        Pattern(source, events),
        [new BusTarget($"{to.OwnerService}-bus", to.Name, DeliveryRetry, deadLetterQueue)])
    {
        Description = $"Forwards {string.Join(", ", events.Select(e => e.DetailType))} to {to.Name}.",
    };

    /// <summary>A consumer-owned rule on its own bus: one event type into its inbound queue.</summary>
    public static RuleDefinition Consume(BusDefinition bus, EventType eventType, QueueDefinition inbound, string deadLetterQueue) => new(
        bus.Name,
        $"{bus.OwnerService}-consumes-{eventType.DetailType}",
        Pattern(eventType.Source, eventType),
        [new QueueTarget("inbound", inbound.Name, DeliveryRetry, deadLetterQueue)])
    {
        Description = $"{eventType.DetailType} from {eventType.Source} into {inbound.Name}.",
    };

    private static string Pattern(string source, params EventType[] events) => new JsonObject
    {
        ["source"] = new JsonArray(source),
        ["detail-type"] = new JsonArray([.. events.Select(e => JsonValue.Create(e.DetailType))]),
    }.ToJsonString();
}

