using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Razors.Aws.DynamoDBStreams;
using Razors.Aws.EventBridge;
using Razors.LocalCloud.Buses;
using Razors.LocalCloud.Storage;
using Razors.LocalCloud.Tests.Buses;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.Storage;

/// <summary>
/// A bus's lake rule (RazorsTopology.ToLake) into its local delivery stream: every Razors event on
/// the bus becomes one JSON line in the partition of the UTC day it arrived (shared/Topology/LakeLayout.cs),
/// in an hourly file per writer named as Firehose names its objects.
/// </summary>
public sealed class when_a_bus_has_a_lake_rule : IDisposable
{
    private static readonly BusDefinition Bus = new("razors-lake-test", "test");
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("razors-lake-test-");
    private readonly BusHarness bus = new();

    public when_a_bus_has_a_lake_rule()
    {
        bus.Lake = new LocalLake(new LakeDefinition("razors-lake", "test"), folder.FullName, [RazorsTopology.LakeStream(Bus)], bus.Time);
        bus.Bridge.CreateEventBus(Bus);
        bus.Bridge.PutRule(RazorsTopology.ToLake(Bus, BusHarness.DeadLetterQueue));
    }

    public void Dispose()
    {
        bus.Lake?.Dispose();
        bus.Dispose();
        folder.Delete(recursive: true);
    }

    private string PartitionFolder(DateOnly day) => Path.Combine(folder.FullName, LakeLayout.Partition(Bus.Name, day));

    private static IEnumerable<string> Lines(string file) => File.ReadAllLines(file).Where(l => l.Length > 0);

    [Fact]
    public async Task a_put_event_is_one_line_in_the_partition_of_the_day_it_arrived_not_of_its_time()
    {
        var entry = BusHarness.Entry(Bus.Name, "razors.stock", "StockAllocated");
        entry.Time = BusHarness.Start.AddDays(-3).UtcDateTime;
        var id = bus.PutOne(entry);

        await bus.DeliverAllAsync();

        var file = Assert.Single(Directory.GetFiles(folder.FullName, "*", SearchOption.AllDirectories));
        Assert.Equal(PartitionFolder(new DateOnly(2026, 11, 23)), Path.GetDirectoryName(file) + "/");
        Assert.Matches(@"^razors-lake-test-lake-2026-11-23-10-[0-9a-f]{32}\.jsonl$", Path.GetFileName(file));
        var archived = Assert.Single(bus.Bridge.ReadArchive(Bus.Name, null, null, 10));
        Assert.Equal(archived.Json, Assert.Single(Lines(file)));
        Assert.Equal(id, JsonDocument.Parse(archived.Json).RootElement.GetProperty("id").GetString());
        Assert.Empty(bus.Messages(BusHarness.DeadLetterQueue));
    }

    [Fact]
    public async Task every_razors_source_is_kept_and_no_other()
    {
        List<string> kept = [bus.PutOne(BusHarness.Entry(Bus.Name, "razors.stock")), bus.PutOne(BusHarness.Entry(Bus.Name, "razors.anything-new"))];
        bus.PutOne(BusHarness.Entry(Bus.Name, "razorsx.stock"));
        bus.PutOne(BusHarness.Entry(Bus.Name, "Razors.stock"));
        bus.PutOne(BusHarness.Entry(Bus.Name, "aws.s3"));

        await bus.DeliverAllAsync();

        var file = Assert.Single(Directory.GetFiles(folder.FullName, "*.jsonl", SearchOption.AllDirectories));
        Assert.Equal(kept, Lines(file).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task a_new_hour_starts_a_new_file_and_a_new_day_a_new_partition()
    {
        bus.PutOne(BusHarness.Entry(Bus.Name));
        await bus.DeliverAllAsync();
        bus.Time.Advance(TimeSpan.FromHours(1));
        bus.PutOne(BusHarness.Entry(Bus.Name));
        await bus.DeliverAllAsync();
        bus.Time.Advance(TimeSpan.FromDays(1));
        bus.PutOne(BusHarness.Entry(Bus.Name));
        await bus.DeliverAllAsync();

        var day23 = Directory.GetFiles(PartitionFolder(new DateOnly(2026, 11, 23))).Select(Path.GetFileName).Order().ToList();
        Assert.Collection(
            day23,
            f => Assert.StartsWith("razors-lake-test-lake-2026-11-23-10-", f, StringComparison.Ordinal),
            f => Assert.StartsWith("razors-lake-test-lake-2026-11-23-11-", f, StringComparison.Ordinal));
        var day24 = Assert.Single(Directory.GetFiles(PartitionFolder(new DateOnly(2026, 11, 24))));
        Assert.StartsWith("razors-lake-test-lake-2026-11-24-11-", Path.GetFileName(day24), StringComparison.Ordinal);
        Assert.All(Directory.GetFiles(folder.FullName, "*", SearchOption.AllDirectories), f => Assert.Single(Lines(f)));
    }

    [Fact]
    public async Task a_replay_appends_the_events_again_with_their_replay_name_so_readers_must_deduplicate()
    {
        var id = bus.PutOne(BusHarness.Entry(Bus.Name));
        await bus.DeliverAllAsync();

        bus.Bridge.StartReplay("again", Bus.Name, BusHarness.Start.AddMinutes(-1), BusHarness.Start.AddMinutes(1));
        await bus.DeliverAllAsync();

        var events = Directory.GetFiles(folder.FullName, "*.jsonl", SearchOption.AllDirectories).SelectMany(Lines).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([id, id], events.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal("again", events[1].GetProperty("replay-name").GetString());
    }

    [Fact]
    public void a_delivery_stream_target_whose_name_firehose_refuses_is_refused_by_put_rule()
    {
        var refused = Assert.Throws<LocalEventBridgeException>(() =>
            bus.Rule(Bus.Name, "bad", BusHarness.SourcePattern("razors.test"), BusHarness.ToDeliveryStream("s", "lake/../../etc")));

        Assert.Equal("ValidationException", refused.ErrorCode);
        Assert.Contains("'lake/../../etc' is not a delivery stream name", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_delivery_stream_whose_buffering_hints_firehose_refuses_is_not_created()
    {
        var stream = RazorsTopology.LakeStream(Bus) with { BufferIntervalSeconds = 30 };

        var refused = Assert.Throws<LocalEventBridgeException>(() => new LocalLake(null, folder.FullName, [stream], bus.Time));

        Assert.Contains("BufferIntervalSeconds must be between 60 and 900, not 30", refused.Message, StringComparison.Ordinal);
    }
}

/// <summary>A record Firehose refuses goes to the rule target's DLQ at once, with Firehose's error, and the lake is unchanged.</summary>
public sealed class when_a_record_is_too_large_for_firehose : IDisposable
{
    private static readonly BusDefinition Bus = new("razors-lake-test", "test");
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("razors-lake-test-");
    private readonly BusHarness bus = new(options: new LocalEventBridgeOptions { MaxEntrySizeBytes = 2 * 1024 * 1024 });

    public void Dispose()
    {
        bus.Lake?.Dispose();
        bus.Dispose();
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task it_is_dead_lettered_without_retries_and_nothing_is_written()
    {
        bus.Lake = new LocalLake(null, folder.FullName, [RazorsTopology.LakeStream(Bus)], bus.Time);
        bus.Bridge.CreateEventBus(Bus);
        bus.Bridge.PutRule(RazorsTopology.ToLake(Bus, BusHarness.DeadLetterQueue));
        var id = bus.PutOne(BusHarness.Entry(Bus.Name, detail: $$"""{"blob":"{{new string('x', LocalDeliveryStreamAppender.MaxRecordBytes)}}"}"""));

        await bus.Bridge.DispatchDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, bus.Bridge.PendingDeliveryCount);
        var dead = Assert.Single(bus.Queues.Peek(BusHarness.DeadLetterQueue, 1));
        Assert.Equal(id, JsonDocument.Parse(dead.Body).RootElement.GetProperty("id").GetString());
        Assert.Equal("InvalidArgumentException", dead.MessageAttributes["ERROR_CODE"]);
        Assert.Equal("arn:aws:firehose:local:000000000000:deliverystream/razors-lake-test-lake", dead.MessageAttributes["TARGET_ARN"]);
        Assert.Equal("0", dead.MessageAttributes["RETRY_ATTEMPTS"]);
        Assert.Empty(Directory.GetFiles(folder.FullName, "*", SearchOption.AllDirectories));
    }
}

/// <summary>
/// Many deliveries at once (the dispatcher may deliver in parallel, and two hosts may share a data
/// folder): every record is one whole line, none is lost or doubled.
/// </summary>
public sealed class when_many_records_are_appended_at_once : IDisposable
{
    private static readonly DeliveryStreamDefinition Stream = new("razors-lake-test-lake", "test", "razors-lake-test");
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("razors-lake-test-");
    private readonly FakeTimeProvider time = new(BusHarness.Start);

    public void Dispose() => folder.Delete(recursive: true);

    // Sizes around and far above a file buffer's 4 KiB, with multi-byte text.
    private static string Record(int writer, int n) =>
        JsonSerializer.Serialize(new { writer, n, pad = new string("aé€"[n % 3], (n * 397) % 20_000) });

    private List<JsonElement> AllLines()
    {
        var lines = new List<JsonElement>();
        foreach (var file in Directory.GetFiles(folder.FullName, "*.jsonl", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file, Encoding.UTF8);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            lines.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()));
        }

        return lines;
    }

    [Fact]
    public async Task every_record_is_one_whole_line()
    {
        using var appender = new LocalDeliveryStreamAppender(Stream, folder.FullName, time);
        const int Writers = 8;
        const int PerWriter = 150;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            for (var n = 0; n < PerWriter; n++)
            {
                appender.Put(Record(w, n));
            }
        })));

        var lines = AllLines();
        Assert.Equal(Writers * PerWriter, lines.Count);
        Assert.Equal(Writers * PerWriter, lines.Select(l => (l.GetProperty("writer").GetInt32(), l.GetProperty("n").GetInt32())).Distinct().Count());
        Assert.All(lines, l => Assert.Equal(Record(l.GetProperty("writer").GetInt32(), l.GetProperty("n").GetInt32()), l.GetRawText()));
    }

    [Fact]
    public async Task two_hosts_on_one_folder_write_files_of_their_own()
    {
        using var first = new LocalDeliveryStreamAppender(Stream, folder.FullName, time);
        using var second = new LocalDeliveryStreamAppender(Stream, folder.FullName, time);

        var files = await Task.WhenAll(
            Task.Run(() => Enumerable.Range(0, 100).Select(n => first.Put(Record(1, n))).Distinct().Single()),
            Task.Run(() => Enumerable.Range(0, 100).Select(n => second.Put(Record(2, n))).Distinct().Single()));

        Assert.NotEqual(files[0], files[1]);
        Assert.Equal(Path.GetDirectoryName(files[0]), Path.GetDirectoryName(files[1]));
        Assert.Equal(200, AllLines().Count);
    }

    [Fact]
    public void a_record_on_several_lines_is_kept_on_one()
    {
        using var appender = new LocalDeliveryStreamAppender(Stream, folder.FullName, time);

        var file = appender.Put("{\n  \"a\": 1,\n  \"b\": \"x\"\n}");

        Assert.Equal("{\"a\":1,\"b\":\"x\"}\n", File.ReadAllText(file));
    }
}

/// <summary>The lake under the local cloud: under the data folder when there is one, else a temporary folder gone with the host; expired by its retention.</summary>
public sealed class when_the_local_cloud_applies_a_topology_with_a_lake : IDisposable
{
    private static readonly BusDefinition Bus = new("razors-lake-test", "test");
    private static readonly QueueDefinition DeadLetters = new("razors-lake-test-dlq", "test");
    private readonly DirectoryInfo data = Directory.CreateTempSubdirectory("razors-lake-data-");
    private readonly FakeTimeProvider time = new(BusHarness.Start);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => data.Delete(recursive: true);

    private static TopologyDefinition Topology => new([Bus], [DeadLetters], [RazorsTopology.ToLake(Bus, DeadLetters.Name)], [], [], [], [])
    {
        Lake = new LakeDefinition("razors-lake", "test") { RetentionDays = 30 },
        DeliveryStreams = [RazorsTopology.LakeStream(Bus)],
    };

    // The topology has no tables and no stream mappings: nothing calls DynamoDB or its streams.
    private LocalCloudRuntime Runtime(LocalCloudDatabase database) => new(
        database,
        new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), new AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:9" }),
        new AmazonDynamoDBStreamsClient(new HttpClient(), new Uri("http://127.0.0.1:9")),
        time,
        NullLoggerFactory.Instance);

    private static async Task PutAndDeliverAsync(LocalCloudRuntime cloud)
    {
        var response = await cloud.EventBridge.PutEventsAsync(
            new PutEventsRequest { Entries = [BusHarness.Entry(Bus.Name, "razors.stock")] }, Token);
        Assert.Equal(0, response.FailedEntryCount);
        await cloud.EventBridge.DispatchDueAsync(Token);
    }

    [Fact]
    public async Task with_a_data_folder_the_lake_is_its_lake_folder_and_survives_the_host()
    {
        using (var database = LocalCloudDatabase.Open(data.FullName))
        {
            await using var cloud = Runtime(database);
            await cloud.ApplyAsync(Topology, new LocalFunctions(), enableMappings: false, Token);
            Assert.Equal(Path.Combine(data.FullName, "lake"), cloud.Lake.Directory);

            await PutAndDeliverAsync(cloud);
        }

        var file = Assert.Single(Directory.GetFiles(Path.Combine(data.FullName, "lake"), "*.jsonl", SearchOption.AllDirectories));
        Assert.Contains("/bus=razors-lake-test/year=2026/month=11/day=23/", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task in_memory_the_lake_is_a_temporary_folder_removed_with_the_host()
    {
        string lake;
        using (var database = LocalCloudDatabase.Open(null))
        {
            await using var cloud = Runtime(database);
            await cloud.ApplyAsync(Topology, new LocalFunctions(), enableMappings: false, Token);
            lake = cloud.Lake.Directory;
            await PutAndDeliverAsync(cloud);
            Assert.Single(Directory.GetFiles(lake, "*.jsonl", SearchOption.AllDirectories));
        }

        Assert.False(Directory.Exists(lake));
    }

    [Fact]
    public async Task files_older_than_the_retention_are_gone_after_a_restart()
    {
        var old = Path.Combine(data.FullName, "lake", LakeLayout.Partition(Bus.Name, new DateOnly(2026, 10, 1)), "old.jsonl");
        var recent = Path.Combine(data.FullName, "lake", LakeLayout.Partition(Bus.Name, new DateOnly(2026, 11, 1)), "recent.jsonl");
        foreach (var (file, written) in new[] { (old, new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc)), (recent, new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)) })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, "{}\n", Token);
            File.SetLastWriteTimeUtc(file, written);
        }

        using var database = LocalCloudDatabase.Open(data.FullName);
        await using var cloud = Runtime(database);
        await cloud.ApplyAsync(Topology, new LocalFunctions(), enableMappings: false, Token);

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
    }
}
