using System.Text.Json.Nodes;
using Razors.Contracts;
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

    /// <summary>Retries for cross-bus forwarding and consumer rules: a day, as EventBridge's default, but bounded attempts.</summary>
    public static readonly RetryPolicy DeliveryRetry = new(MaximumRetryAttempts: 24, MaximumEventAgeInSeconds: 86_400);

    public static TopologyDefinition Build() => new(
        Buses: [SubscriptionTopology.Bus],
        Queues: [SubscriptionTopology.RelayDeadLetterQueue],
        Rules: [],
        Tables: [SubscriptionTopology.Table],
        Functions: [SubscriptionTopology.Relay],
        StreamMappings: [SubscriptionTopology.RelayMapping],
        QueueMappings: []);

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

