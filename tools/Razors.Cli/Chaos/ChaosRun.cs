using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Razors.Topology;

namespace Razors.Cli.Chaos;

/// <summary>How hard a chaos run pushes (see <c>razors chaos --help</c>).</summary>
internal sealed record ChaosSettings(int Sagas, int Rate, int Kills, int Factor, TimeSpan Outage, TimeSpan ConsumerFailure, TimeSpan SettleTimeout, int Seed)
{
    /// <summary>
    /// Long enough for a message to use up payments' inbound receives at <paramref name="factor"/>
    /// (maxReceiveCount visibility timeouts, each shrunk as local/Host/Chaos.cs does) plus 10 s, so
    /// the broken consumer's messages reach the DLQ and the redrive has something to prove.
    /// </summary>
    public static TimeSpan DefaultConsumerFailure(int factor)
    {
        var inbound = PaymentsTopology.Inbound;
        var visibility = Math.Max(1, inbound.VisibilityTimeoutSeconds / factor);
        return TimeSpan.FromSeconds((inbound.Redrive!.MaxReceiveCount * visibility) + 10);
    }
}

/// <summary>
/// <c>razors chaos</c>: drives sagas against a host it supervises while it kills the host and
/// DynamoDB Local with SIGKILL, takes the bus down for longer than the stream mappings' old retry
/// budget, plants poison and breaks a consumer for a while; then waits until all is quiet, redrives
/// the broken consumer's DLQ and checks that nothing committed was lost, stuck or doubled.
/// </summary>
internal sealed class ChaosRun(ChaosSettings settings, SupervisedHost host, TextWriter output) : IDisposable
{
    /// <summary>The stream mappings' retry budget before they retried without bound (docs/adr/0005-outbox-until-published.md): 1 hour (a run shrinks it by the factor).</summary>
    public static readonly TimeSpan OldRetryBudget = TimeSpan.FromHours(1);

    private static readonly string[] Products = ["razor-classic", "razor-pro"];
    private static readonly string[] PoisonKinds = ["outbox-record", "unknown-version", "malformed-message"];

    private readonly ConcurrentDictionary<Guid, (string Product, DateTimeOffset AnsweredAt)> created = new();
    private readonly List<DateTimeOffset> storeKills = [];
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Random random = new(settings.Seed);
    private readonly List<string> poison = [];
    private DateTimeOffset busDownUntil;
    private DateTimeOffset consumerFailingUntil;
    private int failedConsumerLetters;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await host.StartAsync(cancellationToken);
        var before = await UnitsOnHandAsync(cancellationToken);
        foreach (var kind in PoisonKinds)
        {
            poison.Add(await PlantAsync(kind, cancellationToken));
        }

        var drive = TimeSpan.FromSeconds((double)settings.Sagas / settings.Rate);
        await output.WriteLineAsync($"chaos: {settings.Sagas} sagas at {settings.Rate}/s over {drive.TotalSeconds:0} s, {settings.Kills} kills, "
            + $"bus down {settings.Outage.TotalSeconds:0} s (old budget {OldRetryBudget.TotalSeconds / settings.Factor:0} s at factor {settings.Factor}), "
            + $"payments consumer failing {settings.ConsumerFailure.TotalSeconds:0} s");

        using var driving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var load = DriveAsync(driving.Token);
        var span = drive > settings.ConsumerFailure + settings.Outage ? drive : settings.ConsumerFailure + settings.Outage;
        await SuperviseAsync(span, load, cancellationToken);
        await load;

        await output.WriteLineAsync("chaos: load done; waiting until every saga has ended");
        await SettleAsync(cancellationToken);
        var letters = await DeadLettersAsync(cancellationToken);
        failedConsumerLetters = letters.Count(l => l.Reason.Contains(ConsumerFailureText, StringComparison.Ordinal));
        var paymentsDeadLetters = PaymentsTopology.Inbound.Redrive!.DeadLetterQueue;
        await output.WriteLineAsync($"chaos: redriving {paymentsDeadLetters} ({failedConsumerLetters} of the broken consumer's messages)");
        using (var redrive = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/admin/queues/{paymentsDeadLetters}/redrive"), cancellationToken))
        {
            redrive.EnsureSuccessStatusCode();
        }

        await SettleAsync(cancellationToken);
        return await CheckAsync(before, cancellationToken);
    }

    /// <summary>The text payments' deliberate failure leaves in its DLQ messages (local/Host/Chaos.cs, ChaosSwitches.ConsumerFailure).</summary>
    private const string ConsumerFailureText = "chaos: the payments consumer fails on purpose";

    private async Task DriveAsync(CancellationToken cancellationToken)
    {
        using var concurrency = new SemaphoreSlim(32);
        var tasks = new List<Task>();
        var started = DateTime.UtcNow;
        for (var i = 0; i < settings.Sagas; i++)
        {
            var due = started + TimeSpan.FromSeconds((double)i / settings.Rate);
            if (due > DateTime.UtcNow)
            {
                await Task.Delay(due - DateTime.UtcNow, cancellationToken);
            }

            await concurrency.WaitAsync(cancellationToken);
            var n = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    await CreateAsync(n, cancellationToken);
                }
                finally
                {
                    concurrency.Release();
                }
            }, cancellationToken));
        }

        await Task.WhenAll(tasks);
    }

    /// <summary>One subscription, retried under one Idempotency-Key until an answer says whether it was created.</summary>
    private async Task CreateAsync(int n, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString("D");
        var product = Products[n % Products.Length];
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/subscriptions")
            {
                Content = JsonContent.Create(new { customerId = $"chaos-{n}", productId = product, monthlyPrice = 9.99m }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"POST /subscriptions answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
        created[id] = (product, DateTimeOffset.UtcNow);
    }

    /// <summary>Keeps the host running for <paramref name="span"/> and until the load is done, killing it or its DynamoDB Local at random moments and switching the faults on.</summary>
    private async Task SuperviseAsync(TimeSpan span, Task load, CancellationToken cancellationToken)
    {
        var start = DateTimeOffset.UtcNow;
        var killAt = Enumerable.Range(0, settings.Kills).Select(_ => start + (span * random.NextDouble())).Order().ToList();
        // The consumer breaks first, while the sagas' events still reach it; the bus goes down as it recovers.
        var failAt = start;
        var outageAt = start + settings.ConsumerFailure;
        var outageOn = false;
        var failOn = false;
        while (DateTimeOffset.UtcNow < start + span || !load.IsCompleted)
        {
            if (load.IsFaulted)
            {
                return;
            }

            var now = DateTimeOffset.UtcNow;
            if (!failOn && now >= failAt)
            {
                failOn = true;
                consumerFailingUntil = now + settings.ConsumerFailure;
                await SetFaultsAsync(cancellationToken);
                await output.WriteLineAsync($"  payments consumer failing until {consumerFailingUntil:HH:mm:ss}");
            }

            if (!outageOn && now >= outageAt)
            {
                outageOn = true;
                busDownUntil = now + settings.Outage;
                await SetFaultsAsync(cancellationToken);
                await output.WriteLineAsync($"  bus refusing PutEvents until {busDownUntil:HH:mm:ss}");
            }

            if (killAt.Count > 0 && now >= killAt[0])
            {
                killAt.RemoveAt(0);
                await KillAndRestartAsync(cancellationToken);
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private async Task KillAndRestartAsync(CancellationToken cancellationToken)
    {
        // Either way DynamoDB Local dies by SIGKILL: by itself, or with its host (parent-death signal).
        storeKills.Add(DateTimeOffset.UtcNow);
        var kills = storeKills.Count;
        if (random.Next(2) == 0 && host.KillDynamoDb())
        {
            var exit = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
            await output.WriteLineAsync($"  kill {kills}: SIGKILL DynamoDB Local; the host stopped with exit code {exit}");
        }
        else
        {
            host.KillHost();
            await output.WriteLineAsync($"  kill {kills}: SIGKILL host");
        }

        await host.StartAsync(cancellationToken);
        await SetFaultsAsync(cancellationToken);
    }

    /// <summary>Tells the host which faults are on until when (again after every start: a new process knows nothing).</summary>
    private async Task SetFaultsAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "/admin/chaos/faults")
            {
                Content = JsonContent.Create(new { busDownUntil, consumerFailingUntil }),
            },
            cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task<string> PlantAsync(string kind, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/admin/chaos/poison/{kind}"), cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("marker").GetString()!;
    }

    /// <summary>
    /// Sends until an answer comes: while the host is down or restarting, requests fail to connect
    /// or time out, and a restarted host listens on a new port.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            using var message = request();
            message.RequestUri = new Uri(host.BaseAddress, message.RequestUri!);
            try
            {
                var response = await http.SendAsync(message, cancellationToken);
                if ((int)response.StatusCode < 500)
                {
                    return response;
                }

                response.Dispose();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Down, restarting, or killed mid-request: the same request again, on the host's current address.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{message.Method} {message.RequestUri} got no answer for 5 minutes.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    /// <summary>Until the local cloud is idle and no subscription is Pending (the deadline ends every saga).</summary>
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + settings.SettleTimeout;
        var open = created.Keys.ToHashSet();
        var quiet = 0;
        while (quiet < 3)
        {
            if (DateTime.UtcNow > deadline)
            {
                await output.WriteLineAsync($"chaos: not settled after {settings.SettleTimeout.TotalSeconds:0} s ({open.Count} sagas still open)");
                return;
            }

            foreach (var id in open.ToList())
            {
                var status = await SubscriptionStatusAsync(id, cancellationToken);
                // Gone (null) is not open either: the verdict tells whether DynamoDB Local lost it.
                if (status is null or "Active" or "Cancelled")
                {
                    open.Remove(id);
                }
            }

            var idle = (await GetAsync("/admin/status", cancellationToken)).GetProperty("idle").GetBoolean();
            quiet = idle && open.Count == 0 ? quiet + 1 : 0;
            await Task.Delay(500, cancellationToken);
        }
    }

    private async Task<string?> SubscriptionStatusAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/subscriptions/{id}"), cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            ? (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("status").GetString()
            : null;
    }

    private async Task<Dictionary<string, int>> UnitsOnHandAsync(CancellationToken cancellationToken)
    {
        var units = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var product in Products)
        {
            units[product] = (await GetAsync($"/stock/{product}", cancellationToken)).GetProperty("unitsOnHand").GetInt32();
        }

        return units;
    }

    private async Task<List<DeadLetter>> DeadLettersAsync(CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetter>();
        foreach (var queue in (await GetAsync("/admin/queues", cancellationToken)).EnumerateArray().Where(q => q.GetProperty("deadLetterQueue").GetBoolean()))
        {
            var name = queue.GetProperty("name").GetString()!;
            foreach (var message in (await GetAsync($"/admin/queues/{name}/messages?limit=1000", cancellationToken)).EnumerateArray())
            {
                var reason = message.GetProperty("messageAttributes").TryGetProperty("ERROR_MESSAGE", out var r) ? r.GetString() ?? "" : "";
                letters.Add(new DeadLetter(name, message.GetProperty("body").GetString() ?? "", reason));
            }
        }

        return letters;
    }

    private async Task<SagaOutcome> OutcomeAsync(Guid id, string product, DateTimeOffset answeredAt, CancellationToken cancellationToken)
    {
        var status = await SubscriptionStatusAsync(id, cancellationToken);
        var payments = (await GetAsync($"/payments?subscriptionId={id}", cancellationToken)).EnumerateArray().ToList();
        using var allocationResponse = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/stock/allocations/{id}"), cancellationToken);
        string? allocationStatus = null;
        var units = 0;
        if (allocationResponse.StatusCode == HttpStatusCode.OK)
        {
            var allocation = await allocationResponse.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            allocationStatus = allocation.GetProperty("status").GetString();
            units = allocation.GetProperty("units").GetInt32();
        }

        return new SagaOutcome(
            id, product, answeredAt, status, payments.Count,
            payments.Any(p => p.GetProperty("status").GetString() == "Active"), allocationStatus, units);
    }

    private async Task<int> CheckAsync(Dictionary<string, int> before, CancellationToken cancellationToken)
    {
        var sagas = new List<SagaOutcome>();
        foreach (var (id, (product, answeredAt)) in created)
        {
            sagas.Add(await OutcomeAsync(id, product, answeredAt, cancellationToken));
        }

        var letters = await DeadLettersAsync(cancellationToken);
        var run = new ChaosObservations(
            settings.Sagas, sagas, settings.Kills, storeKills, host.Starts,
            before, await UnitsOnHandAsync(cancellationToken), letters, poison, failedConsumerLetters);
        var rows = ChaosVerdict.Judge(run);
        var width = rows.Max(r => r.Check.Length);
        await output.WriteLineAsync();
        foreach (var (check, value, ok) in rows)
        {
            await output.WriteLineAsync($"{check.PadRight(width)}  {value,12}  {(ok ? "ok" : "VIOLATION")}");
        }

        foreach (var saga in ChaosVerdict.Missing(run))
        {
            await output.WriteLineAsync($"  missing: subscription {saga.Id}, answered at {saga.AnsweredAt:HH:mm:ss.fff}, {saga.Payments} payment(s), allocation {saga.AllocationStatus ?? "none"}");
        }

        foreach (var saga in ChaosVerdict.LostByStore(run))
        {
            await output.WriteLineAsync($"  lost by DynamoDB Local: subscription {saga.Id}, answered at {saga.AnsweredAt:HH:mm:ss.fff}, no payment, no allocation");
        }

        foreach (var letter in letters)
        {
            await output.WriteLineAsync($"  {letter.Queue}: {Shorten(letter.Reason, 110)}");
        }

        var violations = rows.Count(r => !r.Ok);
        await output.WriteLineAsync(violations == 0 ? "chaos: no violation" : $"chaos: {violations} violation(s)");
        return violations == 0 ? 0 : 1;
    }

    public void Dispose() => http.Dispose();

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
