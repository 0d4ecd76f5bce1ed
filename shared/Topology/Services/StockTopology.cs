using Razors.Contracts;

namespace Razors.Topology;

/// <summary>The stock service's resources.</summary>
public static class StockTopology
{
    public const string Service = "stock";

    public static readonly BusDefinition Bus = new("razors-stock", Service);

    /// <summary>Products (units on hand), allocations, outbox and inbox items in one table.</summary>
    public static readonly TableDefinition Table = new("razors-stock", Service, TableAttributes.PartitionKey, TableAttributes.SortKey)
    {
        StreamViewType = "NEW_IMAGE",
        TimeToLiveAttribute = TableAttributes.ExpiresAt,
        Indexes = [RazorsTopology.PendingOutboxIndex],
    };

    public static readonly QueueDefinition RelayDeadLetterQueue = new("razors-stock-relay-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    public static readonly FunctionDefinition Relay = new("razors-stock-outbox-relay", Service) { Code = Lambda(nameof(Relay)) };

    /// <summary>Republishes outbox records the relay left pending (shared/Aws/Outbox/OutboxSweeper.cs), on <see cref="SweeperSchedule"/>.</summary>
    public static readonly FunctionDefinition Sweeper = new("razors-stock-outbox-sweeper", Service) { Code = Lambda(nameof(Sweeper)), TimeoutSeconds = 300 };

    public static readonly ScheduleDefinition SweeperSchedule = new(Sweeper.Name, RateMinutes: 5);

    public static readonly StreamMappingDefinition RelayMapping = SubscriptionTopology.RelayMapping with
    {
        Function = Relay.Name,
        Table = Table.Name,
        OnFailureQueue = RelayDeadLetterQueue.Name,
    };

    public static readonly QueueDefinition EventsDeadLetterQueue = new("razors-stock-events-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    public static readonly QueueDefinition InboundDeadLetterQueue = new("razors-stock-inbound-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    public static readonly QueueDefinition Inbound = SubscriptionTopology.Inbound with
    {
        Name = "razors-stock-inbound",
        OwnerService = Service,
        Redrive = new RedrivePolicy(InboundDeadLetterQueue.Name, MaxReceiveCount: 5),
    };

    public static readonly FunctionDefinition Consumer = new("razors-stock-inbound", Service) { Code = Lambda("Inbound") };

    public static readonly HttpApiDefinition Api = new("razors-stock-api", Service, new FunctionDefinition("razors-stock-api", Service) { Code = Lambda(nameof(Api)) });

    /// <summary>The service's Lambda entry points: <c>Razors.Stock.Lambda.Functions</c>.</summary>
    private static LambdaCode Lambda(string method) => RazorsTopology.LambdaCodeOf("stock", "Stock", method);

    public static readonly QueueMappingDefinition ConsumerMapping = new(Consumer.Name, Inbound.Name);

    public static readonly EventType[] Consumes =
    [
        EventTypes.SubscriptionCreated, EventTypes.SubscriptionCancelled, EventTypes.PaymentCancelled,
    ];
}
