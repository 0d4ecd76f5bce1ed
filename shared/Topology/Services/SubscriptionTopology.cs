using Razors.Contracts;

namespace Razors.Topology;

/// <summary>The subscription service's resources.</summary>
public static class SubscriptionTopology
{
    public const string Service = "subscription";

    public static readonly BusDefinition Bus = new("razors-subscription", Service);

    /// <summary>
    /// Pending subscriptions by shard and creation time: a subscription is in it until its saga
    /// ends (Active or Cancelled), so the saga deadline finds the overdue ones with one query per
    /// shard (services/subscription/Razors.Subscription/Features/Saga/SagaDeadline.cs).
    /// </summary>
    public static readonly IndexDefinition PendingSagaIndex = new("saga-pending", TableAttributes.SagaPending, TableAttributes.CreatedAt);

    /// <summary>
    /// Subscriptions, their outbox records and idempotency records in one table, so one
    /// TransactWriteItems covers them. TTL removes relayed outbox records and expired keys.
    /// </summary>
    public static readonly TableDefinition Table = new("razors-subscription", Service, TableAttributes.PartitionKey, TableAttributes.SortKey)
    {
        // NEW_IMAGE is all the relay reads; the outbox item carries the whole event.
        StreamViewType = "NEW_IMAGE",
        TimeToLiveAttribute = TableAttributes.ExpiresAt,
        Indexes = [RazorsTopology.PendingOutboxIndex, PendingSagaIndex],
    };

    /// <summary>Where the relay's stream mapping sends the coordinates of batches it gave up on.</summary>
    public static readonly QueueDefinition RelayDeadLetterQueue = new("razors-subscription-relay-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    public static readonly FunctionDefinition Relay = new("razors-subscription-outbox-relay", Service) { Code = Lambda(nameof(Relay)) };

    /// <summary>Republishes outbox records the relay left pending (shared/Aws/Outbox/OutboxSweeper.cs), on <see cref="SweeperSchedule"/>.</summary>
    public static readonly FunctionDefinition Sweeper = new("razors-subscription-outbox-sweeper", Service) { Code = Lambda(nameof(Sweeper)), TimeoutSeconds = 300 };

    public static readonly ScheduleDefinition SweeperSchedule = new(Sweeper.Name, RateMinutes: 5);

    /// <summary>Cancels, with reason <c>Timeout</c>, every subscription still Pending past its saga deadline; on <see cref="SagaDeadlineSchedule"/>.</summary>
    public static readonly FunctionDefinition SagaDeadlines = new("razors-subscription-saga-deadlines", Service) { Code = Lambda(nameof(SagaDeadlines)), TimeoutSeconds = 300 };

    public static readonly ScheduleDefinition SagaDeadlineSchedule = new(SagaDeadlines.Name, RateMinutes: 1);

    public static readonly StreamMappingDefinition RelayMapping = new(Relay.Name, Table.Name, RelayDeadLetterQueue.Name)
    {
        BatchSize = 100,
        MaximumRetryAttempts = -1,
        MaximumRecordAgeInSeconds = -1,
        BisectBatchOnFunctionError = true,
        ReportBatchItemFailures = true,
        StartingPosition = "TRIM_HORIZON",
        FilterPattern = RazorsTopology.OutboxInsertFilter,
    };

    /// <summary>DLQ of every rule target on this bus (forwarding and consuming).</summary>
    public static readonly QueueDefinition EventsDeadLetterQueue = new("razors-subscription-events-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    public static readonly QueueDefinition InboundDeadLetterQueue = new("razors-subscription-inbound-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    /// <summary>Stock and payment events for the saga. Visibility 6 × the function timeout (Lambda's advice).</summary>
    public static readonly QueueDefinition Inbound = new("razors-subscription-inbound", Service)
    {
        VisibilityTimeoutSeconds = 180,
        Redrive = new RedrivePolicy(InboundDeadLetterQueue.Name, MaxReceiveCount: 5),
    };

    public static readonly FunctionDefinition Consumer = new("razors-subscription-inbound", Service) { Code = Lambda("Inbound") };

    public static readonly HttpApiDefinition Api = new("razors-subscription-api", Service, new FunctionDefinition("razors-subscription-api", Service) { Code = Lambda(nameof(Api)) });

    /// <summary>The service's Lambda entry points: <c>Razors.Subscription.Lambda.Functions</c>.</summary>
    private static LambdaCode Lambda(string method) => RazorsTopology.LambdaCodeOf("subscription", "Subscription", method);

    public static readonly QueueMappingDefinition ConsumerMapping = new(Consumer.Name, Inbound.Name);

    public static readonly EventType[] Consumes =
    [
        EventTypes.StockAllocated, EventTypes.StockAllocationFailed, EventTypes.PaymentCreated, EventTypes.PaymentCancelled,
    ];
}
