using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Razors.LocalCloud.Mail;
using Razors.LocalHost;
using Razors.Topology;

namespace Razors.EndToEnd.Tests;

/// <summary>
/// Customers imported, some of them subscribing, one cancelling; then every bus replayed. A host of
/// its own: the replay sends every archived event to every rule again, which other tests' hosts
/// should not see.
/// </summary>
public sealed class when_imported_customers_subscribe_and_every_bus_is_replayed : IAsyncLifetime
{
    private const int Customers = 20;
    private const int Subscribers = 8;
    private LocalHost.LocalHost host = null!;
    private HttpClient http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        host = await LocalHost.LocalHost.StartAsync(new LocalHostOptions { MinimumLogLevel = LogLevel.Warning }, Ct);
        http = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task each_customer_is_welcomed_once_each_activation_and_end_is_confirmed_once_and_a_replay_changes_nothing()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-5);
        var customers = await ImportAsync();
        var product = await Saga.NewProductAsync(http, 1000, Ct);
        var subscriptions = new List<(Guid Id, Guid Customer)>();
        foreach (var customer in customers.Keys.Take(Subscribers))
        {
            using var created = await http.PostAsJsonAsync("/subscriptions", new { customerId = customer.ToString("D"), productId = product, monthlyPrice = 9.99m }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            subscriptions.Add(((await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid(), customer));
        }

        foreach (var (id, _) in subscriptions)
        {
            Assert.Equal("Active", await Saga.WaitForStatusAsync(http, id, "Active", Ct));
        }

        var cancelled = subscriptions[0];
        using (var delete = await http.DeleteAsync($"/subscriptions/{cancelled.Id}", Ct))
        {
            Assert.True(delete.IsSuccessStatusCode);
        }

        await host.Cloud.WaitUntilIdleAsync(TimeSpan.FromMinutes(2), Ct);

        var mails = host.Mail.List(to: null, limit: 1000);
        AssertMails(mails, customers, subscriptions, cancelled.Id);
        var welcome = host.Mail.Read(mails.Single(m => m.MailId == $"welcome-{customers.Keys.First():D}").Id)!;
        Assert.Contains("Hello Customer 0,", welcome.Text, StringComparison.Ordinal);
        Assert.Contains("<p>Hello Customer 0,</p>", welcome.Html, StringComparison.Ordinal);
        var activation = host.Mail.Read(mails.Single(m => m.MailId == $"activated-{subscriptions[1].Id:D}").Id)!;
        Assert.Contains(product, activation.Text, StringComparison.Ordinal);

        // Seven of the eight are active: they count on the all-time board and on the board of the
        // month each was activated in; the board rebuilt from the insights bus's archive is the stored one.
        var activatedIn = ActivationMonths();
        var month = activatedIn[subscriptions[1].Id];
        var boards = await BoardsAsync(product, month);
        Assert.Equal((Subscribers - 1, subscriptions.Skip(1).Count(s => activatedIn[s.Id] == month)), boards);
        await AssertRebuildMatchesAsync("all-time");
        await AssertRebuildMatchesAsync(month);

        // Every archived event is in the lake (at least once: delivery to it is at least once).
        var topology = RazorsTopology.Build();
        foreach (var bus in topology.Buses)
        {
            var archived = ArchivedEventIds(bus.Name);
            Assert.Subset(LakeEventIds(bus.Name), archived);
        }

        // A replay of every bus: every rule gets every archived event again. The archive holds each
        // event as often as it was put (an outbox record republished by the sweeper is there twice,
        // under one event id), and a replay sends each of those.
        var replayEnd = DateTimeOffset.UtcNow.AddSeconds(1);
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        foreach (var bus in topology.Buses)
        {
            var archived = host.Cloud.EventBridge.ReadArchive(bus.Name, started, replayEnd, max: int.MaxValue).Count;
            var replay = host.Cloud.EventBridge.StartReplay($"e2e-{bus.Name}", bus.Name, started, replayEnd);
            Assert.Equal(archived, replay.EventsReplayed);
        }

        Assert.True(host.Cloud.EventBridge.ListReplays().Sum(r => r.DeliveriesScheduled) > 100, "The replays delivered next to nothing.");
        await host.Cloud.WaitUntilIdleAsync(TimeSpan.FromMinutes(2), Ct);

        Assert.Equal(mails.Select(m => m.Id), host.Mail.List(to: null, limit: 1000).Select(m => m.Id));
        Assert.Equal(boards, await BoardsAsync(product, month));
        await AssertRebuildMatchesAsync("all-time");
        Assert.All(await Saga.DeadLetterDepthsAsync(http, Ct), q => Assert.True(q.Value == 0, $"{q.Key} holds {q.Value}"));
    }

    /// <summary>The product's score on the all-time board and on the month's.</summary>
    private async Task<(long AllTime, long Month)> BoardsAsync(string product, string month)
    {
        async Task<long> ScoreAsync(string board)
        {
            var leaderboard = await http.GetFromJsonAsync<JsonElement>($"/leaderboard?board={board}&top=100", Ct);
            Assert.Equal(board, leaderboard.GetProperty("board").GetString());
            return leaderboard.GetProperty("entries").EnumerateArray()
                .Where(e => e.GetProperty("productId").GetString() == product)
                .Select(e => e.GetProperty("score").GetInt64())
                .SingleOrDefault();
        }

        return (await ScoreAsync("all-time"), await ScoreAsync(month));
    }

    private async Task AssertRebuildMatchesAsync(string board)
    {
        var comparison = await http.GetFromJsonAsync<JsonElement>($"/admin/insights/rebuild?board={board}", Ct);
        Assert.True(comparison.GetProperty("matches").GetBoolean(), comparison.ToString());
    }

    private static void AssertMails(IReadOnlyList<SunkMail> mails, Dictionary<Guid, string> customers, List<(Guid Id, Guid Customer)> subscriptions, Guid cancelled)
    {
        var expected = customers.Select(c => ($"welcome-{c.Key:D}", c.Value))
            .Concat(subscriptions.Select(s => ($"activated-{s.Id:D}", customers[s.Customer])))
            .Append(($"cancelled-{cancelled:D}", customers[subscriptions.Single(s => s.Id == cancelled).Customer]))
            .Order()
            .ToList();
        Assert.Equal(expected, mails.Select(m => (m.MailId!, Assert.Single(m.To))).Order().ToList());
    }

    /// <summary>Imports <see cref="Customers"/> customers; returns their ids and addresses, in file order.</summary>
    private async Task<Dictionary<Guid, string>> ImportAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("name,email,state,city,postcode\n");
        for (var i = 0; i < Customers; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"Customer {i},c{i}.{tag}@example.com,West Yorkshire,Leeds,LS{i + 1} 1AA\n");
        }

        using var upload = await CustomerFiles.UploadAsync(http, Encoding.UTF8.GetBytes(csv.ToString()), Ct);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        var import = await CustomerFiles.CompletedAsync(http, id, TimeSpan.FromMinutes(2), Ct);
        Assert.Equal(Customers, import.GetProperty("registered").GetInt32());
        await host.Cloud.WaitUntilIdleAsync(TimeSpan.FromMinutes(1), Ct);

        return host.Cloud.EventBridge.ReadArchive(CustomersTopology.Bus.Name, from: null, to: null, max: int.MaxValue)
            .Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("detail").GetProperty("data"))
            .OrderBy(d => d.GetProperty("email").GetString(), StringComparer.Ordinal)
            .ToDictionary(d => d.GetProperty("customerId").GetGuid(), d => d.GetProperty("email").GetString()!);
    }

    /// <summary>The UTC month (<c>YYYY-MM</c>) of each activation, by subscription, from the subscription bus's archive.</summary>
    private Dictionary<Guid, string> ActivationMonths() =>
        host.Cloud.EventBridge.ReadArchive(SubscriptionTopology.Bus.Name, from: null, to: null, max: int.MaxValue)
            .Select(e => JsonDocument.Parse(e.Json).RootElement)
            .Where(e => e.GetProperty("detail-type").GetString() == "SubscriptionActivated")
            .ToDictionary(
                e => e.GetProperty("detail").GetProperty("data").GetProperty("subscriptionId").GetGuid(),
                e => e.GetProperty("detail").GetProperty("metadata").GetProperty("occurredAt").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));

    private HashSet<string> ArchivedEventIds(string bus) =>
        [.. host.Cloud.EventBridge.ReadArchive(bus, from: null, to: null, max: int.MaxValue).Select(e => EventId(JsonDocument.Parse(e.Json).RootElement))];

    private HashSet<string> LakeEventIds(string bus)
    {
        var folder = Path.Combine(host.Cloud.Lake.Directory, $"bus={bus}");
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*.jsonl", SearchOption.AllDirectories)
                .SelectMany(File.ReadLines)
                .Select(line => EventId(JsonDocument.Parse(line).RootElement))]
            : [];
    }

    private static string EventId(JsonElement busEvent) => busEvent.GetProperty("detail").GetProperty("metadata").GetProperty("eventId").GetString()!;
}
