using Amazon.DynamoDBv2;
using Microsoft.Extensions.Logging;
using Razors.Aws.DynamoDBStreams;
using Razors.Aws.DynamoDb;
using Razors.LocalCloud.Buses;
using Razors.LocalCloud.EventSourceMappings;
using Razors.LocalCloud.Queues;
using Razors.LocalCloud.Storage;
using Razors.Topology;

namespace Razors.LocalCloud;

/// <summary>
/// The local cloud built from a <see cref="TopologyDefinition"/>: DynamoDB tables, queues, buses
/// with their rules, buckets, the event lake with its delivery streams, and event-source mappings
/// feeding the services' functions. It runs the
/// pollers and the bus dispatcher, and says when everything has settled.
/// </summary>
public sealed partial class LocalCloudRuntime : IAsyncDisposable
{
    /// <summary>The local cloud's region and account in every ARN it makes.</summary>
    public const string Region = LocalArns.DefaultRegion;
    public const string AccountId = LocalArns.DefaultAccountId;

    private readonly LocalCloudDatabase database;
    private readonly IAmazonDynamoDB dynamoDb;
    private readonly IAmazonDynamoDBStreams streams;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggers;
    private readonly LocalFunctions functions = new();
    private readonly List<DynamoDbStreamEventSourceMapping> streamMappings = [];
    private readonly List<SqsEventSourceMapping> queueMappings = [];
    private readonly List<(Func<CancellationToken, Task> Run, Func<bool> IsIdle)> workers = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> loops = [];
    private readonly Dictionary<string, LocalBucket> buckets = new(StringComparer.Ordinal);
    private string? temporaryBuckets;
    private string? temporaryLake;
    private LocalLake? lake;
    private bool mappingsEnabled = true;

    public LocalCloudRuntime(LocalCloudDatabase database, IAmazonDynamoDB dynamoDb, IAmazonDynamoDBStreams streams, TimeProvider time, ILoggerFactory loggers)
    {
        this.database = database;
        this.dynamoDb = dynamoDb;
        this.streams = streams;
        this.time = time;
        this.loggers = loggers;
        Queues = new SqliteQueueService(database, time, new QueueServiceOptions { Region = Region, AccountId = AccountId });
        EventBridge = new LocalEventBridge(
            database,
            Queues,
            functions.EventBridgeFunction,
            time,
            loggers.CreateLogger<LocalEventBridge>(),
            new LocalEventBridgeOptions { Region = Region, AccountId = AccountId },
            name => lake?.Stream(name));
    }

    public SqliteQueueService Queues { get; }

    public LocalEventBridge EventBridge { get; }

    /// <summary>The event lake and its delivery streams, once <see cref="ApplyAsync"/> has created them.</summary>
    public LocalLake Lake => lake ?? throw new InvalidOperationException("The lake exists once the topology is applied.");

    /// <summary>Queues that some queue, rule target or stream mapping dead-letters into.</summary>
    public IReadOnlySet<string> DeadLetterQueues { get; private set; } = new HashSet<string>();

    /// <summary>
    /// Creates everything in <paramref name="topology"/> (idempotently: a restarted host declares
    /// the same things again) and binds each declared function to its implementation.
    /// </summary>
    public async Task ApplyAsync(TopologyDefinition topology, LocalFunctions implementations, bool enableMappings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(implementations);
        implementations.CheckAgainst(topology);
        functions.AddRange(implementations);

        foreach (var table in topology.Tables)
        {
            await DynamoDbTables.EnsureTableAsync(dynamoDb, table, cancellationToken);
        }

        // A queue's redrive policy names its DLQ, which must exist first.
        foreach (var queue in topology.Queues.OrderBy(q => q.Redrive is null ? 0 : 1))
        {
            Queues.CreateQueue(queue);
        }

        // What a dead predecessor had received comes back now, not after its visibility timeout.
        var startup = loggers.CreateLogger<LocalCloudRuntime>();
        foreach (var queue in topology.Queues)
        {
            if (Queues.ReleaseInFlight(queue.Name) is > 0 and var released)
            {
                LogReleased(startup, released, queue.Name);
            }
        }

        foreach (var bus in topology.Buses)
        {
            EventBridge.CreateEventBus(bus);
        }

        // Under the data folder, so uploads survive a restart as an S3 object does; in memory, a temporary folder.
        var bucketRoot = database.DataDirectory is { } data
            ? Path.Combine(data, "buckets")
            : temporaryBuckets ??= Directory.CreateTempSubdirectory("razors-buckets-").FullName;
        foreach (var bucket in topology.Buckets)
        {
            buckets[bucket.Name] = new LocalBucket(bucket, Path.Combine(bucketRoot, bucket.Name), Queues, time, Region);
            buckets[bucket.Name].Expire();
        }

        // The lake's streams exist before the rules that target them can deliver. Under the data
        // folder as the buckets are; the layout is the S3 bucket's (shared/Topology/LakeLayout.cs).
        var lakeRoot = database.DataDirectory is { } dataFolder
            ? Path.Combine(dataFolder, "lake")
            : temporaryLake ??= Directory.CreateTempSubdirectory("razors-lake-").FullName;
        lake?.Dispose();
        lake = new LocalLake(topology.Lake, lakeRoot, topology.DeliveryStreams, time);
        lake.Expire();

        foreach (var rule in topology.Rules)
        {
            EventBridge.PutRule(rule);
        }

        var checkpoints = new DynamoDbStreamCheckpointStore(database);
        foreach (var mapping in topology.StreamMappings)
        {
            streamMappings.Add(new DynamoDbStreamEventSourceMapping(
                mapping,
                streams,
                functions.StreamFunction(mapping.Function),
                Queues,
                checkpoints,
                time,
                new StreamMappingOptions { Region = Region, AccountId = AccountId },
                loggers.CreateLogger<DynamoDbStreamEventSourceMapping>()));
        }

        foreach (var mapping in topology.QueueMappings)
        {
            queueMappings.Add(new SqsEventSourceMapping(Queues, mapping, functions.SqsFunction(mapping.Function), time, loggers.CreateLogger<SqsEventSourceMapping>()));
        }

        DeadLetterQueues = topology.DeadLetterQueues;
        mappingsEnabled = enableMappings;
    }

    /// <summary>The bucket the topology declares with this name.</summary>
    public LocalBucket Bucket(string name) =>
        buckets.GetValueOrDefault(name) ?? throw new InvalidOperationException($"The topology declares no bucket '{name}'.");

    /// <summary>
    /// A long-running relay that is not an event-source mapping (the payments change-stream
    /// worker, an ECS task in the cloud). It runs and is disabled like the mappings.
    /// </summary>
    public void AddWorker(Func<CancellationToken, Task> run, Func<bool> isIdle) => workers.Add((run, isIdle));

    /// <summary>Starts the bus dispatcher and, unless disabled, every event-source mapping and worker.</summary>
    public void Start()
    {
        loops.Add(Task.Run(() => EventBridge.RunAsync(stopping.Token)));
        if (!mappingsEnabled)
        {
            return;
        }

        loops.AddRange(streamMappings.Select(m => Task.Run(() => m.RunAsync(stopping.Token))));
        loops.AddRange(queueMappings.Select(m => Task.Run(() => m.RunAsync(stopping.Token))));
        loops.AddRange(workers.Select(w => Task.Run(() => w.Run(stopping.Token))));
    }

    /// <summary>No delivery pending on any bus, no record or message waiting for any mapping.</summary>
    public bool IsIdle =>
        EventBridge.PendingDeliveryCount == 0
        && (!mappingsEnabled || (streamMappings.All(m => m.IsIdle) && queueMappings.All(m => m.IsIdle) && workers.All(w => w.IsIdle())));

    /// <summary>
    /// Waits until everything is idle and stays idle across one more poll of every stream mapping,
    /// so a commit made just before the call has been read from its stream and fully delivered.
    /// </summary>
    public async Task WaitUntilIdleAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var polls = streamMappings.Select(m => m.CompletedPolls).ToList();
                if (IsIdle)
                {
                    while (mappingsEnabled && streamMappings.Select((m, i) => m.CompletedPolls <= polls[i] + 1).Any(b => b))
                    {
                        await Task.Delay(10, deadline.Token);
                    }

                    if (IsIdle)
                    {
                        return;
                    }
                }

                await Task.Delay(20, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The local cloud was still busy after {timeout.TotalSeconds:0} s: {EventBridge.PendingDeliveryCount} bus deliveries pending; busy: {(Busy().ToList() is { Count: > 0 } busy ? string.Join(", ", busy) : "nothing now")}.");
        }
    }

    /// <summary>The mappings and workers that are not idle, by name, for a timeout's message.</summary>
    private IEnumerable<string> Busy() =>
        streamMappings.Where(m => !m.IsIdle).Select(m => $"stream mapping {m.MappingId}")
            .Concat(queueMappings.Where(m => !m.IsIdle).Select(m => $"queue mapping {m.Name}"))
            .Concat(workers.Select((w, i) => (w, i)).Where(x => !x.w.IsIdle()).Select(x => $"worker {x.i}"));

    public async Task StopAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException)
        {
            // Expected: the loops end by cancellation.
        }

        loops.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        EventBridge.Dispose();
        lake?.Dispose();
        stopping.Dispose();
        if (temporaryBuckets is not null)
        {
            Directory.Delete(temporaryBuckets, recursive: true);
        }

        if (temporaryLake is not null)
        {
            Directory.Delete(temporaryLake, recursive: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} message(s) of {Queue} that an earlier host had received are visible again")]
    private static partial void LogReleased(ILogger logger, int count, string queue);
}
