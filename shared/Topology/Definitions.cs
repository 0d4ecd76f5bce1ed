namespace Razors.Topology;

// Plain data: what exists, not how it is built. The local host and the CDK stacks both read
// these records, so the two cannot drift. Names are resource names, not ARNs.

/// <summary>An EventBridge event bus owned by one service.</summary>
public sealed record BusDefinition(string Name, string OwnerService)
{
    /// <summary>Archive retention; every bus keeps an archive (replay after a consumer bug).</summary>
    public int ArchiveRetentionDays { get; init; } = 7;

    /// <summary>
    /// The DLQ of what the bus itself fails to deliver (the stacks' rule that logs every event), for a
    /// bus with no rules yet; otherwise null, and that DLQ is the one its rules' targets share.
    /// </summary>
    public string? DeadLetterQueue { get; init; }
}

/// <summary>An SQS queue. DLQs are queues too; a DLQ of a FIFO queue is FIFO.</summary>
public sealed record QueueDefinition(string Name, string OwnerService)
{
    public bool Fifo { get; init; }
    public bool ContentBasedDeduplication { get; init; }
    public int VisibilityTimeoutSeconds { get; init; } = 30;
    /// <summary>1 minute to 14 days; SQS's default is 4 days.</summary>
    public int MessageRetentionSeconds { get; init; } = 4 * 24 * 3600;
    public RedrivePolicy? Redrive { get; init; }
}

/// <summary>After <paramref name="MaxReceiveCount"/> receives, SQS moves the message to the DLQ.</summary>
public sealed record RedrivePolicy(string DeadLetterQueue, int MaxReceiveCount);

/// <summary>EventBridge target retry policy (0–185 attempts, 60–86400 s).</summary>
public sealed record RetryPolicy(int MaximumRetryAttempts, int MaximumEventAgeInSeconds)
{
    public static readonly RetryPolicy Default = new(185, 86_400);
}

/// <summary>A rule on a bus: an event pattern (JSON) and its targets.</summary>
public sealed record RuleDefinition(string Bus, string Name, string EventPattern, IReadOnlyList<TargetDefinition> Targets)
{
    public string? Description { get; init; }
}

/// <summary>Where a rule sends matching events. Every target has a retry policy and a DLQ.</summary>
public abstract record TargetDefinition(string Id, RetryPolicy RetryPolicy, string DeadLetterQueue);

/// <summary>Forward to another service's bus (one hop; cross-account in the cloud).</summary>
public sealed record BusTarget(string Id, string Bus, RetryPolicy RetryPolicy, string DeadLetterQueue)
    : TargetDefinition(Id, RetryPolicy, DeadLetterQueue);

/// <summary>Send the whole event to a standard queue.</summary>
public sealed record QueueTarget(string Id, string Queue, RetryPolicy RetryPolicy, string DeadLetterQueue)
    : TargetDefinition(Id, RetryPolicy, DeadLetterQueue);

/// <summary>Invoke a function with the whole event.</summary>
public sealed record FunctionTarget(string Id, string Function, RetryPolicy RetryPolicy, string DeadLetterQueue)
    : TargetDefinition(Id, RetryPolicy, DeadLetterQueue);

/// <summary>Put the whole event into a delivery stream of the event lake (Kinesis Data Firehose in AWS).</summary>
public sealed record DeliveryStreamTarget(string Id, string DeliveryStream, RetryPolicy RetryPolicy, string DeadLetterQueue)
    : TargetDefinition(Id, RetryPolicy, DeadLetterQueue);

/// <summary>A DynamoDB table (on-demand). Keys are strings.</summary>
public sealed record TableDefinition(string Name, string OwnerService, string PartitionKey, string? SortKey)
{
    /// <summary>NEW_IMAGE, NEW_AND_OLD_IMAGES, … ; null for no stream.</summary>
    public string? StreamViewType { get; init; }
    public string? TimeToLiveAttribute { get; init; }
    public IReadOnlyList<IndexDefinition> Indexes { get; init; } = [];
}

/// <summary>A global secondary index that projects every attribute; its partition key is a string.</summary>
public sealed record IndexDefinition(string Name, string PartitionKey, string SortKey)
{
    /// <summary>The sort key's DynamoDB type: <c>S</c> (string) or <c>N</c> (number, for a score).</summary>
    public string SortKeyType { get; init; } = "S";
}

/// <summary>
/// A private, encrypted S3 bucket whose objects expire after <see cref="ExpirationDays"/>, and each new
/// object announced on <see cref="NotificationQueue"/> (an S3 event notification to SQS). In the cloud
/// its name is generated (bucket names are global); <see cref="Name"/> names it in the stack and the
/// local host's folder under <c>.data/</c>.
/// </summary>
public sealed record BucketDefinition(string Name, string OwnerService, string NotificationQueue)
{
    public int ExpirationDays { get; init; } = 1;
}

/// <summary>A function, by name, with the service that owns it.</summary>
public sealed record FunctionDefinition(string Name, string OwnerService)
{
    public int TimeoutSeconds { get; init; } = 30;
    public int MemorySize { get; init; } = 512;
    /// <summary>The code Lambda runs; the local host binds the same class by <see cref="Name"/> instead.</summary>
    public LambdaCode? Code { get; init; }
}

/// <summary>
/// Where a Lambda function's code comes from: the project <c>dotnet publish</c> bundles (path from the
/// repository root) and the static <c>Stream</c>-in/<c>Stream</c>-out method the .NET runtime calls.
/// </summary>
public sealed record LambdaCode(string Project, string Assembly, string Type, string Method)
{
    /// <summary>The handler string of Lambda's .NET runtime: <c>Assembly::Namespace.Type::Method</c>.</summary>
    public string Handler => $"{Assembly}::{Type}::{Method}";
}

/// <summary>A service's public HTTP API (API Gateway HTTP API in AWS), served by one function.</summary>
public sealed record HttpApiDefinition(string Name, string OwnerService, FunctionDefinition Function);

/// <summary>A long-running process (an ECS Fargate service in AWS; a background worker in the local host).</summary>
public sealed record WorkerDefinition(string Name, string OwnerService, string Project, string Assembly)
{
    public int Cpu { get; init; } = 256;
    public int MemoryMiB { get; init; } = 512;
}

/// <summary>A DynamoDB stream feeding a function, with Lambda's error handling.</summary>
public sealed record StreamMappingDefinition(string Function, string Table, string OnFailureQueue)
{
    public int BatchSize { get; init; } = 100;
    /// <summary>
    /// −1 is infinite (Lambda's default), which Razors keeps: a relay retries a transient failure
    /// until it succeeds, and sends a record that can never succeed to its DLQ itself.
    /// </summary>
    public int MaximumRetryAttempts { get; init; } = -1;
    /// <summary>−1 (infinite, until the stream trims the record) or 60–604800 seconds.</summary>
    public int MaximumRecordAgeInSeconds { get; init; } = -1;
    public bool BisectBatchOnFunctionError { get; init; } = true;
    public bool ReportBatchItemFailures { get; init; } = true;
    public string StartingPosition { get; init; } = "TRIM_HORIZON";
    /// <summary>Lambda filter criteria pattern (event-pattern syntax over the stream record); null passes all.</summary>
    public string? FilterPattern { get; init; }
}

/// <summary>A function invoked every <paramref name="RateMinutes"/> minutes.</summary>
public sealed record ScheduleDefinition(string Function, int RateMinutes);

/// <summary>An SQS queue feeding a function with partial batch responses.</summary>
public sealed record QueueMappingDefinition(string Function, string Queue)
{
    public int BatchSize { get; init; } = 10;
    public bool ReportBatchItemFailures { get; init; } = true;
}

/// <summary>
/// The event lake: one private, encrypted store of every event of every bus, for analytics. In AWS an
/// S3 bucket (its name is generated; <see cref="Name"/> names it in the stack); locally the folder
/// <c>.data/lake/</c>. Objects are laid out by <see cref="LakeLayout"/>.
/// </summary>
public sealed record LakeDefinition(string Name, string OwnerService)
{
    /// <summary>Days an object is kept before it expires.</summary>
    public int RetentionDays { get; init; } = 365;
}

/// <summary>
/// One bus's way into the lake: a Kinesis Data Firehose delivery stream in AWS (compressed JSON lines,
/// one event per line, under <see cref="LakeLayout.Prefix"/>), an appender of JSON-lines files locally.
/// </summary>
public sealed record DeliveryStreamDefinition(string Name, string OwnerService, string Bus)
{
    /// <summary>Seconds Firehose buffers before it writes an object (60–900).</summary>
    public int BufferIntervalSeconds { get; init; } = 300;

    /// <summary>Megabytes Firehose buffers before it writes an object (1–128).</summary>
    public int BufferSizeMiB { get; init; } = 5;
}

/// <summary>Everything, for every service.</summary>
public sealed record TopologyDefinition(
    IReadOnlyList<BusDefinition> Buses,
    IReadOnlyList<QueueDefinition> Queues,
    IReadOnlyList<RuleDefinition> Rules,
    IReadOnlyList<TableDefinition> Tables,
    IReadOnlyList<FunctionDefinition> Functions,
    IReadOnlyList<StreamMappingDefinition> StreamMappings,
    IReadOnlyList<QueueMappingDefinition> QueueMappings)
{
    /// <summary>One per service; served by the local host directly.</summary>
    public IReadOnlyList<HttpApiDefinition> HttpApis { get; init; } = [];

    public IReadOnlyList<WorkerDefinition> Workers { get; init; } = [];

    /// <summary>Functions invoked on a timer: an EventBridge schedule rule in AWS, a timer in the local host.</summary>
    public IReadOnlyList<ScheduleDefinition> Schedules { get; init; } = [];

    /// <summary>Upload stores: S3 buckets in AWS, folders under the data folder locally.</summary>
    public IReadOnlyList<BucketDefinition> Buckets { get; init; } = [];

    /// <summary>The event lake every bus writes to, through <see cref="DeliveryStreams"/>.</summary>
    public LakeDefinition? Lake { get; init; }

    /// <summary>One per bus: what the bus's lake rule targets.</summary>
    public IReadOnlyList<DeliveryStreamDefinition> DeliveryStreams { get; init; } = [];

    /// <summary>
    /// Every queue in a DLQ role, each once: SQS redrive targets, rule target DLQs, stream
    /// on-failure destinations and the buses' own DLQs. The local cloud, the CLI and the stacks all read this one set.
    /// </summary>
    public IReadOnlySet<string> DeadLetterQueues =>
        Queues.Select(q => q.Redrive?.DeadLetterQueue)
            .Concat(Rules.SelectMany(r => r.Targets).Select(t => t.DeadLetterQueue))
            .Concat(StreamMappings.Select(m => m.OnFailureQueue))
            .Concat(Buses.Select(b => b.DeadLetterQueue))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
}
