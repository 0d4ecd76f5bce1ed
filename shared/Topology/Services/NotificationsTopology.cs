using Razors.Contracts;

namespace Razors.Topology;

/// <summary>
/// The notifications service's resources: its bus (fed by the subscription and customers buses), its
/// inbound queue and the table of contacts, subscriptions' customers and sent mails (with the inbox markers).
/// It raises no events, so the table has no stream and the service no relay.
/// </summary>
public static class NotificationsTopology
{
    public const string Service = "notifications";

    public static readonly QueueDefinition EventsDeadLetterQueue = new("razors-notifications-events-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    public static readonly BusDefinition Bus = new("razors-notifications", Service);

    /// <summary>Contacts, subscriptions' customers, sent mails and inbox markers; TTL removes expired markers.</summary>
    public static readonly TableDefinition Table = new("razors-notifications", Service, TableAttributes.PartitionKey, TableAttributes.SortKey)
    {
        TimeToLiveAttribute = TableAttributes.ExpiresAt,
    };

    public static readonly QueueDefinition InboundDeadLetterQueue = new("razors-notifications-inbound-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    public static readonly QueueDefinition Inbound = SubscriptionTopology.Inbound with
    {
        Name = "razors-notifications-inbound",
        OwnerService = Service,
        Redrive = new RedrivePolicy(InboundDeadLetterQueue.Name, MaxReceiveCount: 5),
    };

    public static readonly FunctionDefinition Consumer = new("razors-notifications-inbound", Service) { Code = Lambda("Inbound") };

    public static readonly QueueMappingDefinition ConsumerMapping = new(Consumer.Name, Inbound.Name);

    /// <summary>The service's Lambda entry points: <c>Razors.Notifications.Lambda.Functions</c>.</summary>
    private static LambdaCode Lambda(string method) => RazorsTopology.LambdaCodeOf("notifications", "Notifications", method);

    /// <summary>
    /// <c>CustomerRegistered</c> gives the contact (and the welcome mail); <c>SubscriptionCreated</c> ties a
    /// subscription to its customer; activations and cancellations are confirmed to that customer.
    /// </summary>
    public static readonly EventType[] Consumes =
    [
        EventTypes.CustomerRegistered, EventTypes.SubscriptionCreated, EventTypes.SubscriptionActivated, EventTypes.SubscriptionCancelled,
    ];
}
