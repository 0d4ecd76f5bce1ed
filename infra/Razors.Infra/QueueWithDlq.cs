using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SQS;
using Razors.Topology;

namespace Razors.Infra;

/// <summary>
/// One queue of the topology: SQS-managed encryption, TLS enforced, redrive to its DLQ as declared;
/// a queue in a DLQ role also gets an alarm on visible messages and its URL as an output, and a
/// queue a function reads an alarm on the age of its oldest message. The alarms notify the stack's
/// <see cref="AlarmTopic"/>.
/// </summary>
public sealed class QueueWithDlq
{
    /// <summary>
    /// Every SQS action on the queue, spelled out. CDK's <c>enforceSSL</c> denies <c>sqs:*</c>; the
    /// explicit list keeps every template free of wildcard actions (batch calls are authorized as
    /// their single-message action).
    /// </summary>
    public static readonly IReadOnlyList<string> QueueActions =
    [
        "sqs:AddPermission", "sqs:CancelMessageMoveTask", "sqs:ChangeMessageVisibility", "sqs:CreateQueue", "sqs:DeleteMessage",
        "sqs:DeleteQueue", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListDeadLetterSourceQueues",
        "sqs:ListMessageMoveTasks", "sqs:ListQueueTags", "sqs:PurgeQueue", "sqs:ReceiveMessage", "sqs:RemovePermission",
        "sqs:SendMessage", "sqs:SetQueueAttributes", "sqs:StartMessageMoveTask", "sqs:TagQueue", "sqs:UntagQueue",
    ];

    public QueueWithDlq(Stack stack, QueueDefinition definition, Queue? deadLetterQueue, bool isDeadLetterQueue, bool isRead, AlarmTopic alarms)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        ArgumentNullException.ThrowIfNull(definition);
        var id = Names.Id(definition.Name);
        Queue = new Queue(stack, id + "Queue", new QueueProps
        {
            QueueName = definition.Name,
            Fifo = definition.Fifo ? true : null,
            ContentBasedDeduplication = definition.Fifo ? definition.ContentBasedDeduplication : null,
            VisibilityTimeout = Duration.Seconds(definition.VisibilityTimeoutSeconds),
            RetentionPeriod = Duration.Seconds(definition.MessageRetentionSeconds),
            Encryption = QueueEncryption.SQS_MANAGED,
            DeadLetterQueue = definition.Redrive is { } redrive
                ? new DeadLetterQueue
                {
                    Queue = deadLetterQueue ?? throw new ArgumentException($"{definition.Name} redrives to {redrive.DeadLetterQueue}, which was not given.", nameof(deadLetterQueue)),
                    MaxReceiveCount = redrive.MaxReceiveCount,
                }
                : null,
        });
        DenyWithoutTls(Queue);
        if (isDeadLetterQueue)
        {
            _ = alarms.Add(stack, id + "NotEmpty", new AlarmProps
            {
                AlarmName = $"{definition.Name}-not-empty",
                AlarmDescription = $"Messages are waiting in the DLQ {definition.Name}: inspect and redrive them (razors dlq).",
                Metric = Queue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum" }),
                Threshold = 0,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
                EvaluationPeriods = 1,
                TreatMissingData = TreatMissingData.NOT_BREACHING,
            });
            _ = new CfnOutput(stack, id + "Url", new CfnOutputProps { Value = Queue.QueueUrl, Description = $"URL of the DLQ {definition.Name}." });
        }

        if (isRead)
        {
            // A consumer that stopped (throttled, failing before it deletes, mapping disabled) shows here first.
            _ = alarms.Add(stack, id + "OldestMessage", new AlarmProps
            {
                AlarmName = $"{definition.Name}-oldest-message",
                AlarmDescription = $"A message has waited more than {alarms.OldestMessageAlarmSeconds} s in {definition.Name}: is its function running?",
                Metric = Queue.MetricApproximateAgeOfOldestMessage(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum" }),
                Threshold = alarms.OldestMessageAlarmSeconds,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
                EvaluationPeriods = 1,
                TreatMissingData = TreatMissingData.NOT_BREACHING,
            });
        }
    }

    public Queue Queue { get; }

    /// <summary>The queues a service owns, by name; redrive targets first, so a queue can name its DLQ.</summary>
    public static IReadOnlyDictionary<string, Queue> AddAll(Stack stack, IEnumerable<QueueDefinition> owned, TopologyDefinition topology, AlarmTopic alarms)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var deadLetterQueues = topology.DeadLetterQueues;
        var read = topology.QueueMappings.Select(m => m.Queue).ToHashSet(StringComparer.Ordinal);
        var queues = new Dictionary<string, Queue>(StringComparer.Ordinal);
        foreach (var queue in owned.OrderBy(q => q.Redrive is null ? 0 : 1))
        {
            var deadLetterQueue = queue.Redrive is { } redrive ? queues[redrive.DeadLetterQueue] : null;
            queues[queue.Name] = new QueueWithDlq(stack, queue, deadLetterQueue, deadLetterQueues.Contains(queue.Name), read.Contains(queue.Name), alarms).Queue;
        }

        return queues;
    }

    /// <summary>Requests without TLS are refused, whoever makes them.</summary>
    private static void DenyWithoutTls(Queue queue) => queue.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
    {
        Sid = "DenyWithoutTls",
        Effect = Effect.DENY,
        Principals = [new AnyPrincipal()],
        Actions = [.. QueueActions],
        Resources = [queue.QueueArn],
        Conditions = new Dictionary<string, object>
        {
            ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" },
        },
    }));
}
