using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Razors.Aws.EventBridge;
using Razors.Lambda.Events;
using Razors.LocalCloud.Buses;
using Razors.LocalCloud.Queues;
using Razors.LocalCloud.Storage;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.Buses;

/// <summary>A local EventBridge over real SQLite and the real local SQS, on a fake clock.</summary>
internal sealed class BusHarness : IDisposable
{
    public const string DeadLetterQueue = "bus-dlq";

    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static readonly LocalEventBridgeOptions TestOptions = new()
    {
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromSeconds(8),
    };

    private readonly string? dataDirectory;

    public BusHarness(string? dataDirectory = null, FakeTimeProvider? time = null, LocalEventBridgeOptions? options = null)
    {
        this.dataDirectory = dataDirectory;
        Time = time ?? new FakeTimeProvider(Start);
        Options = options ?? TestOptions;
        Database = LocalCloudDatabase.Open(dataDirectory);
        Queues = new SqliteQueueService(Database, Time);
        Bridge = new LocalEventBridge(
            Database, Queues, name => Functions.GetValueOrDefault(name), Time, NullLogger<LocalEventBridge>.Instance, Options, name => Lake?.Stream(name));
        Queues.CreateQueue(new QueueDefinition(DeadLetterQueue, "test"));
    }

    public FakeTimeProvider Time { get; }

    public LocalEventBridgeOptions Options { get; }

    public LocalCloudDatabase Database { get; }

    public SqliteQueueService Queues { get; }

    public LocalEventBridge Bridge { get; }

    public Dictionary<string, IEventBridgeFunction> Functions { get; } = [];

    /// <summary>The event lake whose delivery streams the bus's delivery-stream targets reach; none by default.</summary>
    public LocalLake? Lake { get; set; }

    /// <summary>The same data folder and clock in a new process (a new bridge over a reopened database).</summary>
    public BusHarness Restart()
    {
        Dispose();
        return new BusHarness(dataDirectory, Time, Options);
    }

    public static RetryPolicy Retry(int attempts = 185, int maxAgeSeconds = 86_400) => new(attempts, maxAgeSeconds);

    public static QueueTarget ToQueue(string id, string queue, RetryPolicy? retry = null) =>
        new(id, queue, retry ?? Retry(), DeadLetterQueue);

    public static FunctionTarget ToFunction(string id, string function, RetryPolicy? retry = null) =>
        new(id, function, retry ?? Retry(), DeadLetterQueue);

    public static BusTarget ToBus(string id, string bus) => new(id, bus, Retry(), DeadLetterQueue);

    public static DeliveryStreamTarget ToDeliveryStream(string id, string stream) => new(id, stream, Retry(), DeadLetterQueue);

    public static string SourcePattern(string source) => $$"""{"source":["{{source}}"]}""";

    public static PutEventsRequestEntry Entry(string bus, string source = "razors.test", string detailType = "Thing", string detail = """{"n":1}""") =>
        new() { EventBusName = bus, Source = source, DetailType = detailType, Detail = detail };

    public void Bus(string name) => Bridge.CreateEventBus(new BusDefinition(name, "test"));

    public void Queue(string name, bool fifo = false) =>
        Queues.CreateQueue(new QueueDefinition(name, "test") { Fifo = fifo, ContentBasedDeduplication = fifo });

    public void Rule(string bus, string name, string pattern, params TargetDefinition[] targets) =>
        Bridge.PutRule(new RuleDefinition(bus, name, pattern, targets));

    public RecordingFunction Function(string name, int failures = 0)
    {
        var function = new RecordingFunction(failures);
        Functions[name] = function;
        return function;
    }

    public PutEventsResponse Put(params PutEventsRequestEntry[] entries) =>
        Bridge.PutEventsAsync(new PutEventsRequest { Entries = [.. entries] }, TestContext.Current.CancellationToken).GetAwaiter().GetResult();

    public string PutOne(PutEventsRequestEntry entry)
    {
        var result = Put(entry).Entries.Single();
        Assert.Null(result.ErrorCode);
        return result.EventId!;
    }

    /// <summary>Dispatches until nothing is pending, moving the clock past each retry's back-off.</summary>
    public async Task DeliverAllAsync()
    {
        for (var pass = 0; pass < 10_000 && Bridge.PendingDeliveryCount > 0; pass++)
        {
            await Bridge.DispatchDueAsync(TestContext.Current.CancellationToken);
            if (Bridge.PendingDeliveryCount > 0)
            {
                Time.Advance(Options.RetryMaxDelay);
            }
        }

        Assert.Equal(0, Bridge.PendingDeliveryCount);
    }

    public IReadOnlyList<PeekedMessage> Messages(string queue) => Queues.Peek(queue, 10);

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public void Dispose()
    {
        Bridge.Dispose();
        Database.Dispose();
    }
}

/// <summary>A function that fails its first <c>failures</c> invocations, then records what it receives.</summary>
internal sealed class RecordingFunction(int failures) : IEventBridgeFunction
{
    private int remainingFailures = failures;

    public int Invocations { get; private set; }

    public List<string> Received { get; } = [];

    public Task HandleAsync(JsonElement busEvent, CancellationToken cancellationToken)
    {
        Invocations++;
        if (remainingFailures > 0)
        {
            remainingFailures--;
            throw new InvalidOperationException("downstream unavailable");
        }

        Received.Add(busEvent.GetRawText());
        return Task.CompletedTask;
    }

    public const int Forever = int.MaxValue;
}
