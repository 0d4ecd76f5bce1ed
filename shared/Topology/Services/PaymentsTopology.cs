using Razors.Contracts;

namespace Razors.Topology;

/// <summary>The payments service's resources.</summary>
public static class PaymentsTopology
{
    public const string Service = "payments";

    public static readonly BusDefinition Bus = new("razors-payments", Service);

    /// <summary>
    /// Where the FIFO relay sends a message it can never publish, with the reason, and where SQS
    /// moves one still failing after the outbox queue's receive budget; a FIFO queue's DLQ is FIFO.
    /// </summary>
    public static readonly QueueDefinition OutboxDeadLetterQueue = new("razors-payments-outbox-dlq.fifo", Service)
    {
        Fifo = true,
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    /// <summary>
    /// The change-stream worker sends each outbox record here with MessageGroupId = payment id
    /// and MessageDeduplicationId = event id, so each payment's events stay in order. The relay
    /// dead-letters poison itself, so the receive budget only bounds transient failures: the
    /// highest SQS allows (1 000 receives, one per visibility timeout: 50 hours of a bus outage),
    /// within the longest retention (14 days).
    /// </summary>
    public static readonly QueueDefinition Outbox = new("razors-payments-outbox.fifo", Service)
    {
        Fifo = true,
        VisibilityTimeoutSeconds = 180,
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
        Redrive = new RedrivePolicy(OutboxDeadLetterQueue.Name, MaxReceiveCount: 1000),
    };

    /// <summary>Watches the outbox change stream and sends each record to <see cref="Outbox"/> (ECS Fargate in AWS).</summary>
    public static readonly WorkerDefinition OutboxWorker = new(
        "razors-payments-outbox-worker", Service, "services/payments/Razors.Payments.Worker/Razors.Payments.Worker.csproj", "Razors.Payments.Worker");

    public static readonly FunctionDefinition Relay = new("razors-payments-outbox-relay", Service) { Code = Lambda(nameof(Relay)) };

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

    public static readonly FunctionDefinition Consumer = new("razors-payments-inbound", Service) { Code = Lambda("Inbound") };

    public static readonly HttpApiDefinition Api = new("razors-payments-api", Service, new FunctionDefinition("razors-payments-api", Service) { Code = Lambda(nameof(Api)) });

    /// <summary>The service's Lambda entry points: <c>Razors.Payments.Lambda.Functions</c>.</summary>
    private static LambdaCode Lambda(string method) => RazorsTopology.LambdaCodeOf("payments", "Payments", method);

    public static readonly QueueMappingDefinition ConsumerMapping = new(Consumer.Name, Inbound.Name);

    public static readonly EventType[] Consumes = [EventTypes.SubscriptionCreated, EventTypes.SubscriptionCancelled];
}
