using Razors.Sqlite;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Razors.Aws.DynamoDb;
using Razors.Contracts;
using Razors.LocalCloud;
using Razors.LocalHost;
using Razors.Lambda.Events;
using AttributeValue = Amazon.DynamoDBv2.Model.AttributeValue;
using Razors.Messaging.Outbox;
using Razors.Topology;

namespace Razors.Bench;

/// <summary>Settings of one benchmark run.</summary>
internal sealed record BenchmarkSettings(int Clients, TimeSpan Duration, int LagRate, TimeSpan LagDuration, int SagaRate, TimeSpan SagaDuration)
{
    /// <summary>Rows of the file the import phase uploads.</summary>
    public int ImportRows { get; init; } = 1_000;
}

/// <summary>
/// Measures, in one run against one local host: (a) raw DynamoDB Local TransactWriteItems of two
/// items, (b) subscriptions created through the HTTP API, both with the same number of concurrent
/// clients, and (c) relay lag from commit to bus delivery at a fixed create rate.
/// </summary>
internal sealed class Benchmark(BenchmarkSettings settings, TextWriter output)
{
    private const string ProbeFunction = "benchmark-probe";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var probe = new ArrivalProbe();
        var baseline = SubscriptionTopology.Table with { Name = "razors-benchmark-baseline" };
        var topology = RazorsTopology.Build();
        topology = topology with
        {
            Queues = [.. topology.Queues, new QueueDefinition("razors-benchmark-probe-dlq", "benchmark")],
            Rules =
            [
                .. topology.Rules,
                new RuleDefinition(
                    SubscriptionTopology.Bus.Name,
                    "razors-benchmark-probe",
                    $$"""{"detail-type":["{{EventTypes.SubscriptionCreated.DetailType}}"]}""",
                    [new FunctionTarget("probe", ProbeFunction, new RetryPolicy(0, 60), "razors-benchmark-probe-dlq")]),
            ],
            Tables = [.. topology.Tables, baseline],
        };

        output.WriteLine($"Starting the local host in memory ({settings.Clients} clients, {settings.Duration.TotalSeconds:0} s per phase)…");
        await using var host = await LocalHost.LocalHost.StartAsync(
            new LocalHostOptions
            {
                Topology = topology,
                ExtraFunctions = new LocalFunctions().AddEventBridgeFunction(ProbeFunction, probe),
                MinimumLogLevel = LogLevel.Warning,
            },
            cancellationToken);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var dynamo = (IAmazonDynamoDB)host.Services.GetService(typeof(IAmazonDynamoDB))!;

        output.WriteLine("Warming up…");
        await RawWritesAsync(dynamo, baseline.Name, TimeSpan.FromSeconds(2), cancellationToken);
        await ApiCreatesAsync(http, TimeSpan.FromSeconds(2), cancellationToken);
        await host.Cloud.WaitUntilIdleAsync(TimeSpan.FromMinutes(1), cancellationToken);

        // The import first, on a host whose stores and streams are still small, as a fresh ./run.sh is.
        output.WriteLine($"(f) a bulk import of {settings.ImportRows} customers, against one client's raw TransactWriteItems…");
        var single = await RawWritesAsync(dynamo, baseline.Name, settings.Duration, cancellationToken, clients: 1);
        var import = await ImportAsync(http, cancellationToken);
        await host.Cloud.WaitUntilIdleAsync(TimeSpan.FromMinutes(2), cancellationToken);
        output.WriteLine("(a) raw TransactWriteItems…");
        var raw = await RawWritesAsync(dynamo, baseline.Name, settings.Duration, cancellationToken);
        await host.Cloud.WaitUntilIdleAsync(TimeSpan.FromMinutes(1), cancellationToken);
        output.WriteLine("(b) creates through the API…");
        var api = await ApiCreatesAsync(http, settings.Duration, cancellationToken);
        await host.Cloud.WaitUntilIdleAsync(TimeSpan.FromMinutes(2), cancellationToken);
        output.WriteLine($"(c) relay lag at {settings.LagRate} creates/s…");
        probe.Clear();
        var lags = await RelayLagAsync(http, probe, host, cancellationToken);
        output.WriteLine($"(d) full sagas at {settings.SagaRate}/s…");
        var sagas = await SagasAsync(http, cancellationToken);
        output.WriteLine("(e) SQLite commits on disk, synchronous=FULL (as the local host runs) and NORMAL…");
        var full = SqliteCommits(SqliteDatabase.Durable, settings.Duration);
        var normal = SqliteCommits("synchronous=NORMAL", settings.Duration);

        var ratio = api.PerSecond / raw.PerSecond;
        output.WriteLine();
        output.WriteLine("| measure | value |");
        output.WriteLine("|---|---|");
        output.WriteLine($"| (a) DynamoDB Local TransactWriteItems (2 items), {settings.Clients} clients | {raw.PerSecond:0.0} /s ({raw.Count} in {raw.Elapsed.TotalSeconds:0.0} s) |");
        output.WriteLine($"| (b) POST /subscriptions 201, {settings.Clients} clients | {api.PerSecond:0.0} /s ({api.Count} in {api.Elapsed.TotalSeconds:0.0} s, {api.Errors} errors) |");
        output.WriteLine($"| (b)/(a) | {ratio:0.00} (target ≥ 0.70) |");
        output.WriteLine($"| (c) relay lag commit → bus delivery at {settings.LagRate}/s, n={lags.Count} | p50 {Percentile(lags, 50):0.0} ms, p95 {Percentile(lags, 95):0.0} ms, p99 {Percentile(lags, 99):0.0} ms, max {lags.DefaultIfEmpty().Max():0.0} ms (target p99 ≤ 100 ms) |");
        output.WriteLine($"| (d) sagas completed (create → Active → cancel → Cancelled, units back), offered {settings.SagaRate}/s | {sagas.Completed / sagas.Elapsed.TotalSeconds:0.0} /s ({sagas.Completed} in {sagas.Elapsed.TotalSeconds:0.0} s); (d)/(a) = {sagas.Completed / sagas.Elapsed.TotalSeconds / raw.PerSecond:0.00} |");
        output.WriteLine($"| (d) POST → Active, n={sagas.ToActive.Count} | p50 {Percentile(sagas.ToActive, 50):0} ms, p95 {Percentile(sagas.ToActive, 95):0} ms, p99 {Percentile(sagas.ToActive, 99):0} ms (target p99 ≤ 1000 ms) |");
        output.WriteLine($"| (d) cancel payment → Cancelled and units back, n={sagas.ToCancelled.Count} | p50 {Percentile(sagas.ToCancelled, 50):0} ms, p95 {Percentile(sagas.ToCancelled, 95):0} ms, p99 {Percentile(sagas.ToCancelled, 99):0} ms (target p99 ≤ 1000 ms) |");
        output.WriteLine($"| (e) SQLite commit of one row on disk, synchronous=FULL | {full.PerSecond:0} /s ({full.Count} in {full.Elapsed.TotalSeconds:0.0} s) |");
        output.WriteLine($"| (e) the same with synchronous=NORMAL (survives a crash of the process, not of the machine) | {normal.PerSecond:0} /s; FULL/NORMAL = {full.PerSecond / normal.PerSecond:0.00} |");
        output.WriteLine($"| (f) DynamoDB Local TransactWriteItems (2 items), 1 client | {single.PerSecond:0.0} /s |");
        output.WriteLine($"| (f) rows imported (upload → every row registered; one inserter, batches of 10) | {import.PerSecond:0.0} /s ({import.Count} in {import.Elapsed.TotalSeconds:0.0} s); (f)/(1-client raw) = {import.PerSecond / single.PerSecond:0.00} |");
        return 0;
    }

    /// <summary>A file of <see cref="BenchmarkSettings.ImportRows"/> new customers, from its upload to its last row's registration.</summary>
    private async Task<Throughput> ImportAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = new System.Text.StringBuilder("name,email,state,city,postcode\n");
        for (var i = 0; i < settings.ImportRows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Customer {i},bench-{tag}-{i}@example.com,West Yorkshire,Leeds,LS1 4DY\n");
        }

        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var stopwatch = Stopwatch.StartNew();
        using var upload = await http.PostAsync("/customers/imports", content, cancellationToken);
        upload.EnsureSuccessStatusCode();
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString();
        while (true)
        {
            var import = await http.GetFromJsonAsync<JsonElement>($"/customers/imports/{id}", cancellationToken);
            if (import.GetProperty("status").GetString() == "Completed")
            {
                return new Throughput(import.GetProperty("registered").GetInt32(), import.GetProperty("rejected").GetInt32(), stopwatch.Elapsed);
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>One-row transactions, one after another, on a fresh file database in a temporary folder.</summary>
    private static Throughput SqliteCommits(string synchronous, TimeSpan duration)
    {
        var folder = Directory.CreateTempSubdirectory("razors-bench-sqlite-");
        try
        {
            using var database = SqliteDatabase.Open(folder.FullName, "bench.db", synchronous);
            database.EnsureSchema("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);");
            var stopwatch = Stopwatch.StartNew();
            var count = 0;
            while (stopwatch.Elapsed < duration)
            {
                database.Write((c, t) => c.Execute(t, "INSERT INTO t (v) VALUES ($v);", ("$v", "x")));
                count++;
            }

            return new Throughput(count, 0, stopwatch.Elapsed);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<Throughput> RawWritesAsync(IAmazonDynamoDB dynamo, string table, TimeSpan duration, CancellationToken cancellationToken, int? clients = null)
    {
        var count = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients ?? settings.Clients).Select(async _ =>
        {
            while (stopwatch.Elapsed < duration)
            {
                var id = Guid.CreateVersion7();
                var record = OutboxRecord.Create(SampleCreated(id), Metadata(id));
                await dynamo.TransactWriteItemsAsync(
                    new TransactWriteItemsRequest
                    {
                        TransactItems =
                        [
                            new TransactWriteItem
                            {
                                Put = new Put
                                {
                                    TableName = table,
                                    Item = new Dictionary<string, AttributeValue>
                                    {
                                        ["pk"] = new() { S = $"SUB#{id}" },
                                        ["sk"] = new() { S = "STATE" },
                                        ["status"] = new() { S = "Pending" },
                                        ["version"] = new() { N = "1" },
                                    },
                                    ConditionExpression = "attribute_not_exists(pk)",
                                },
                            },
                            DynamoDbOutbox.Put(table, record),
                        ],
                    },
                    cancellationToken);
                Interlocked.Increment(ref count);
            }
        }));
        return new Throughput(count, 0, stopwatch.Elapsed);
    }

    private async Task<Throughput> ApiCreatesAsync(HttpClient http, TimeSpan duration, CancellationToken cancellationToken)
    {
        var (count, errors) = (0, 0);
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(async client =>
        {
            while (stopwatch.Elapsed < duration)
            {
                using var response = await http.PostAsJsonAsync("/subscriptions", CreateBody(client), cancellationToken);
                if (response.StatusCode == System.Net.HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref count);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        return new Throughput(count, errors, stopwatch.Elapsed);
    }

    private async Task<List<double>> RelayLagAsync(HttpClient http, ArrivalProbe probe, LocalHost.LocalHost host, CancellationToken cancellationToken)
    {
        var committed = new ConcurrentDictionary<Guid, long>();
        var interval = TimeSpan.FromSeconds(1.0 / settings.LagRate);
        var total = (int)(settings.LagDuration.TotalSeconds * settings.LagRate);
        var start = Stopwatch.GetTimestamp();
        var sends = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            // Open-loop pacing: request i starts at start + i·interval whatever the previous ones do.
            var due = start + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var client = i;
            sends.Add(Task.Run(
                async () =>
                {
                    using var response = await http.PostAsJsonAsync("/subscriptions", CreateBody(client), cancellationToken);
                    var committedAt = Stopwatch.GetTimestamp();
                    using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                    committed[body.RootElement.GetProperty("id").GetGuid()] = committedAt;
                },
                cancellationToken));
        }

        await Task.WhenAll(sends);
        await host.Cloud.WaitUntilIdleAsync(TimeSpan.FromMinutes(1), cancellationToken);

        // Lag is measured from the 201 response, which a client sees only after the commit;
        // DynamoDB Local's stream timestamps are cut to the minute, so they can't be used.
        return [.. committed
            .Where(c => probe.Arrivals.ContainsKey(c.Key))
            .Select(c => Math.Max(0, Stopwatch.GetElapsedTime(c.Value, probe.Arrivals[c.Key]).TotalMilliseconds))];
    }

    private async Task<(List<double> ToActive, List<double> ToCancelled, int Completed, TimeSpan Elapsed)> SagasAsync(HttpClient http, CancellationToken cancellationToken)
    {
        // One product per run with stock for every saga, so allocation never fails here.
        var product = $"bench-{Guid.NewGuid():N}"[..20];
        var total = (int)(settings.SagaDuration.TotalSeconds * settings.SagaRate);
        using (var add = new HttpRequestMessage(HttpMethod.Put, $"/stock/{product}") { Content = JsonContent.Create(new { unitsOnHand = total * 12 }) })
        {
            add.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
            using var added = await http.SendAsync(add, cancellationToken);
            added.EnsureSuccessStatusCode();
        }

        var toActive = new ConcurrentBag<double>();
        var toCancelled = new ConcurrentBag<double>();
        var interval = 1.0 / settings.SagaRate;
        var started = Stopwatch.StartNew();
        var sagas = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i * interval) - started.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            sagas.Add(Task.Run(
                async () =>
                {
                    var begin = Stopwatch.GetTimestamp();
                    using var created = await http.PostAsJsonAsync("/subscriptions", new { customerId = "bench-saga", productId = product, monthlyPrice = 9.99m }, cancellationToken);
                    var id = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
                    var subscription = await PollAsync(http, $"/subscriptions/{id}", s => s.GetProperty("status").GetString() == "Active", cancellationToken);
                    toActive.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);

                    var paymentId = subscription.GetProperty("paymentId").GetGuid();
                    var cancelAt = Stopwatch.GetTimestamp();
                    using var cancel = await http.PostAsync($"/payments/{paymentId}/cancel", null, cancellationToken);
                    await PollAsync(http, $"/subscriptions/{id}", s => s.GetProperty("status").GetString() == "Cancelled", cancellationToken);
                    await PollAsync(http, $"/stock/allocations/{id}", a => a.GetProperty("status").GetString() == "Deallocated", cancellationToken);
                    toCancelled.Add(Stopwatch.GetElapsedTime(cancelAt).TotalMilliseconds);
                },
                cancellationToken));
        }

        await Task.WhenAll(sagas);
        return ([.. toActive], [.. toCancelled], toActive.Count, started.Elapsed);
    }

    /// <summary>Polls every 10 ms, as a client waiting for the saga would; the interval bounds the measurement error.</summary>
    private static async Task<JsonElement> PollAsync(HttpClient http, string path, Func<JsonElement, bool> done, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync(path, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                if (done(body))
                {
                    return body;
                }
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{path} did not reach the expected state within 60 s.");
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    private static object CreateBody(int client) => new
    {
        customerId = $"bench-{client.ToString(CultureInfo.InvariantCulture)}",
        productId = "razor-classic",
        unitsPerMonth = 1,
        months = 12,
        monthlyPrice = 9.99m,
        currency = "GBP",
    };

    private static SubscriptionCreated SampleCreated(Guid id) => new()
    {
        SubscriptionId = id, CustomerId = "bench", ProductId = "razor-classic", UnitsPerMonth = 1, Months = 12, MonthlyPrice = 9.99m, Currency = "GBP",
    };

    private static EventMetadata Metadata(Guid id) => new()
    {
        EventId = Guid.CreateVersion7(), EventType = EventTypes.SubscriptionCreated.Id, OccurredAt = DateTimeOffset.UtcNow,
        CorrelationId = id.ToString(), AggregateId = id.ToString(), AggregateVersion = 1,
    };

    private static double Percentile(List<double> values, int percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    private sealed record Throughput(int Count, int Errors, TimeSpan Elapsed)
    {
        public double PerSecond => Count / Elapsed.TotalSeconds;
    }

    /// <summary>A rule target that notes when each SubscriptionCreated reached the bus's targets.</summary>
    private sealed class ArrivalProbe : IEventBridgeFunction
    {
        public ConcurrentDictionary<Guid, long> Arrivals { get; } = new();

        public void Clear() => Arrivals.Clear();

        public Task HandleAsync(JsonElement busEvent, CancellationToken cancellationToken)
        {
            var now = Stopwatch.GetTimestamp();
            var id = busEvent.GetProperty("detail").GetProperty("data").GetProperty("subscriptionId").GetGuid();
            Arrivals.TryAdd(id, now);
            return Task.CompletedTask;
        }
    }
}
