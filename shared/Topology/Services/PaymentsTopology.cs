using Razors.Contracts;

namespace Razors.Topology;

/// <summary>The payments service's resources.</summary>
public static class PaymentsTopology
{
    public const string Service = "payments";

    public static readonly BusDefinition Bus = new("razors-payments", Service);

    /// <summary>Where the FIFO relay gives up on a message; a FIFO queue's DLQ is FIFO.</summary>
    public static readonly QueueDefinition OutboxDeadLetterQueue = new("razors-payments-outbox-dlq.fifo", Service)
    {
        Fifo = true,
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    /// <summary>
    /// The change-stream worker sends each outbox record here with MessageGroupId = payment id
    /// and MessageDeduplicationId = event id, so each payment's events stay in order.
    /// </summary>
    public static readonly QueueDefinition Outbox = new("razors-payments-outbox.fifo", Service)
    {
        Fifo = true,
        VisibilityTimeoutSeconds = 180,
        Redrive = new RedrivePolicy(OutboxDeadLetterQueue.Name, MaxReceiveCount: 5),
    };

    public static readonly FunctionDefinition Relay = new("razors-payments-outbox-relay", Service);

    public static readonly QueueMappingDefinition RelayMapping = new(Relay.Name, Outbox.Name);

    public static readonly QueueDefinition EventsDeadLetterQueue = new("razors-payments-events-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    public static readonly QueueDefinition InboundDeadLetterQueue = new("razors-payments-inbound-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    public static readonly QueueDefinition Inbound = SubscriptionTopology.Inbound with
    {
        Name = "razors-payments-inbound",
        OwnerService = Service,
        Redrive = new RedrivePolicy(InboundDeadLetterQueue.Name, MaxReceiveCount: 5),
    };

    public static readonly FunctionDefinition Consumer = new("razors-payments-inbound", Service);

    public static readonly QueueMappingDefinition ConsumerMapping = new(Consumer.Name, Inbound.Name);

    public static readonly EventType[] Consumes = [EventTypes.SubscriptionCreated, EventTypes.SubscriptionCancelled];
}
