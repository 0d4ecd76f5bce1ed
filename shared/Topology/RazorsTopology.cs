using System.Text.Json.Nodes;
using Razors.Messaging.Outbox;

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
            ["NewImage"] = new JsonObject { [OutboxItem.Kind] = new JsonObject { ["S"] = new JsonArray(OutboxItem.KindValue) } },
        },
    }.ToJsonString();

    /// <summary>DLQs keep messages for 14 days (the SQS maximum) so an operator has time to look.</summary>
    public const int DeadLetterRetentionSeconds = 14 * 24 * 3600;

    public static TopologyDefinition Build() => new(
        Buses: [SubscriptionTopology.Bus],
        Queues: [SubscriptionTopology.RelayDeadLetterQueue],
        Rules: [],
        Tables: [SubscriptionTopology.Table],
        Functions: [SubscriptionTopology.Relay],
        StreamMappings: [SubscriptionTopology.RelayMapping],
        QueueMappings: []);
}

/// <summary>The subscription service's resources.</summary>
public static class SubscriptionTopology
{
    public const string Service = "subscription";

    public static readonly BusDefinition Bus = new("razors-subscription", Service);

    /// <summary>
    /// Subscriptions, their outbox records and idempotency records in one table, so one
    /// TransactWriteItems covers them. TTL removes relayed outbox records and expired keys.
    /// </summary>
    public static readonly TableDefinition Table = new("razors-subscription", Service, OutboxItem.PartitionKey, OutboxItem.SortKey)
    {
        // NEW_IMAGE is all the relay reads; the outbox item carries the whole event.
        StreamViewType = "NEW_IMAGE",
        TimeToLiveAttribute = OutboxItem.ExpiresAt,
    };

    /// <summary>Where the relay's stream mapping sends the coordinates of batches it gave up on.</summary>
    public static readonly QueueDefinition RelayDeadLetterQueue = new("razors-subscription-relay-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    public static readonly FunctionDefinition Relay = new("razors-subscription-outbox-relay", Service);

    public static readonly StreamMappingDefinition RelayMapping = new(Relay.Name, Table.Name, RelayDeadLetterQueue.Name)
    {
        BatchSize = 100,
        MaximumRetryAttempts = 10,
        MaximumRecordAgeInSeconds = 3600,
        BisectBatchOnFunctionError = true,
        ReportBatchItemFailures = true,
        StartingPosition = "TRIM_HORIZON",
        FilterPattern = RazorsTopology.OutboxInsertFilter,
    };
}
