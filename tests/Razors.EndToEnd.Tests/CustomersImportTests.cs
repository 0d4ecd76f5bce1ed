using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Razors.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Razors.Testing;
using Razors.Topology;

namespace Razors.EndToEnd.Tests;

public sealed class when_a_thousand_customers_are_imported(LocalHostFixture fixture)
{
    [Fact]
    public async Task each_good_row_registers_one_customer_and_one_event_each_bad_row_is_reported_and_the_replica_matches()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = fixture.Http;
        var (file, flawed) = CustomerFiles.WithFlaws("e2e");

        using var upload = await CustomerFiles.UploadAsync(http, file, ct);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var accepted = await upload.Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal(1000, accepted.GetProperty("total").GetInt32());
        Assert.Equal($"/customers/imports/{id}", upload.Headers.Location?.OriginalString);

        var import = await CustomerFiles.CompletedAsync(http, id, CustomerFiles.ImportTimeout, ct);
        Assert.Equal((975, 25, 0), (import.GetProperty("registered").GetInt32(), import.GetProperty("rejected").GetInt32(), import.GetProperty("pending").GetInt32()));
        var rejections = import.GetProperty("rejections").EnumerateArray().ToList();
        AssertRejections(flawed, rejections);

        // Idle includes notifications having welcomed every new customer, one mail each.
        await fixture.Host.Cloud.WaitUntilIdleAsync(CustomerFiles.WelcomeTimeout, ct);
        var events = Registered(id);
        Assert.Equal(975, events.Count);
        var addresses = events.Select(e => e.GetProperty("data").GetProperty("email").GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var welcomes = fixture.Host.Mail.List(to: null, limit: int.MaxValue).Where(m => addresses.Contains(m.To[0])).ToList();
        Assert.Equal(975, welcomes.Count);
        Assert.Equal(
            events.Select(e => $"welcome-{e.GetProperty("data").GetProperty("customerId").GetGuid():D}").Order(StringComparer.Ordinal),
            welcomes.Select(m => m.MailId!).Order(StringComparer.Ordinal));
        Assert.Equal(975, events.Select(e => e.GetProperty("data").GetProperty("customerId").GetGuid()).Distinct().Count());
        Assert.Equal(975, events.Select(e => e.GetProperty("data").GetProperty("email").GetString()!.ToLowerInvariant()).Distinct().Count());
        Assert.All(events, e => Assert.False(e.GetProperty("data").TryGetProperty("postcode", out _)));

        var check = await http.GetFromJsonAsync<JsonElement>("/admin/customers/replica/check", ct);
        Assert.Empty(check.GetProperty("missing").EnumerateArray());
        Assert.Empty(check.GetProperty("different").EnumerateArray());
        Assert.Empty(check.GetProperty("extra").EnumerateArray());
        var leeds = await ListAsync(http, "West Yorkshire", "Leeds", ct);
        Assert.Equal(events.Count(e => e.GetProperty("data").GetProperty("city").GetString() == "Leeds"), leeds.Count);
        Assert.All(leeds, c => Assert.False(c.TryGetProperty("postcode", out _)));

        // The same file again is the same import: nothing new.
        using var again = await CustomerFiles.UploadAsync(http, file, ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var replayed = await again.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal((id, "Completed", 975, 25), (replayed.GetProperty("id").GetString(), replayed.GetProperty("status").GetString(), replayed.GetProperty("registered").GetInt32(), replayed.GetProperty("rejected").GetInt32()));
        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromMinutes(1), ct);
        Assert.Equal(975, Registered(id).Count);
    }

    [Fact]
    public async Task a_file_refused_as_a_whole_imports_nothing_and_says_why()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = Registered(importId: null).Count;

        using var mixed = await CustomerFiles.UploadAsync(fixture.Http, "name,email,state,city,postcode\r\nA,a@example.com,S,C,P\nB,b@example.com,S,C,P\n"u8.ToArray(), ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mixed.StatusCode);
        Assert.Equal("application/problem+json", mixed.Content.Headers.ContentType?.MediaType);
        var problem = await mixed.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("The file mixes line endings.", problem.GetProperty("title").GetString());
        Assert.Equal(2, problem.GetProperty("line").GetInt32());

        using var tooLarge = await CustomerFiles.UploadAsync(fixture.Http, new byte[11 * 1024 * 1024], ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        using var json = new StringContent("""{"name":"Ada"}""", System.Text.Encoding.UTF8, "application/json");
        using var notCsv = await fixture.Http.PostAsync("/customers/imports", json, ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notCsv.StatusCode);

        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromMinutes(1), ct);
        Assert.Equal(before, Registered(importId: null).Count);
    }

    private static void AssertRejections(IReadOnlySet<int> flawed, List<JsonElement> rejections)
    {
        var lines = rejections.Select(r => r.GetProperty("line").GetInt32()).ToHashSet();
        Assert.Equal(25, lines.Count);

        // 20 bad rows, and of each address given twice (line n and n + 20) the one that came second to the store.
        var bad = flawed.Where(l => (l - 2) % 50 == 7).ToList();
        Assert.Equal(20, bad.Count);
        Assert.Subset(lines, bad.ToHashSet());
        foreach (var duplicate in flawed.Except(bad))
        {
            Assert.True(lines.Contains(duplicate) ^ lines.Contains(duplicate - 20), $"Exactly one of lines {duplicate - 20} and {duplicate} is rejected.");
        }

        Assert.All(rejections, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("field").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("reason").GetString()));
        });
        Assert.Equal(5, rejections.Count(r => r.GetProperty("reason").GetString()!.Contains("registered already", StringComparison.Ordinal)));
        Assert.Equal(7, rejections.Count(r => r.GetProperty("field").GetString() == "row"));
    }

    /// <summary>The CustomerRegistered events on the customers bus (of one import, or all), one per event id.</summary>
    private List<JsonElement> Registered(string? importId) =>
        [.. fixture.Host.Cloud.EventBridge.ReadArchive(CustomersTopology.Bus.Name, from: null, to: null, max: int.MaxValue)
            .Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("detail"))
            .Where(d => d.GetProperty("metadata").GetProperty("eventType").GetString() == EventTypes.CustomerRegistered.Id)
            .Where(d => importId is null || (d.GetProperty("data").TryGetProperty("importId", out var i) && i.GetString() == importId))
            .DistinctBy(d => d.GetProperty("metadata").GetProperty("eventId").GetGuid())];

    private static async Task<List<JsonElement>> ListAsync(HttpClient http, string state, string city, CancellationToken ct)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await http.GetFromJsonAsync<JsonElement>(
                $"/customers?state={Uri.EscapeDataString(state)}&city={Uri.EscapeDataString(city)}&limit=100{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}", ct);
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        return all;
    }
}

public sealed class when_the_host_is_killed_in_the_middle_of_an_import
{

    [Fact]
    public async Task the_import_finishes_after_a_restart_with_the_same_counts_and_one_event_per_customer()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("razors-import-crash-");
        try
        {
            var (file, _) = CustomerFiles.WithFlaws("crash");
            string id;
            await using (var first = await HostProcess.StartAsync(data.FullName))
            {
                using var http = new HttpClient { BaseAddress = first.BaseAddress };
                using var upload = await CustomerFiles.UploadAsync(http, file, ct);
                Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
                id = (await upload.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;

                // Mid-import: some rows handled, most not.
                while ((await http.GetFromJsonAsync<JsonElement>($"/customers/imports/{id}", ct)).GetProperty("registered").GetInt32() < 50)
                {
                    await Task.Delay(20, ct);
                }

                first.KillAbruptly();
            }

            await using var second = await HostProcess.StartAsync(data.FullName);
            using var client = new HttpClient { BaseAddress = second.BaseAddress };
            var import = await CustomerFiles.CompletedAsync(client, id, CustomerFiles.ImportTimeout, ct);
            Assert.Equal((975, 25), (import.GetProperty("registered").GetInt32(), import.GetProperty("rejected").GetInt32()));

            await Eventually.TrueAsync(
                async () => (await Admin.BusEventsAsync(client, CustomersTopology.Bus.Name, ct))
                    .Select(e => e.EventId()).Distinct().Count() == 975,
                CustomerFiles.WelcomeTimeout,
                "975 distinct CustomerRegistered events on the customers bus",
                ct);
            var events = await Admin.BusEventsAsync(client, CustomersTopology.Bus.Name, ct);
            Assert.Equal(975, events.Select(e => e.GetProperty("detail").GetProperty("data").GetProperty("customerId").GetGuid()).Distinct().Count());
            // The replica is the stream's second consumer: it catches up on its own, after the relay.
            await Eventually.TrueAsync(
                async () => (await client.GetFromJsonAsync<JsonElement>("/admin/customers/replica/check", ct)).GetProperty("inSync").GetBoolean(),
                CustomerFiles.WelcomeTimeout,
                "the region replica matching the customers table",
                ct);
            var check = await client.GetFromJsonAsync<JsonElement>("/admin/customers/replica/check", ct);
            Assert.Equal((975, 975), (check.GetProperty("sourceCount").GetInt32(), check.GetProperty("replicaCount").GetInt32()));

            // Every customer is welcomed, once: the kill can repeat at most the one mail that was
            // between the server's acceptance and its record (docs/adr/0008-mail-sent-once.md).
            async Task<List<string>> WelcomesAsync() =>
                [.. (await client.GetFromJsonAsync<JsonElement>("/admin/mail?limit=1000", ct)).EnumerateArray()
                    .Select(m => m.GetProperty("mailId").GetString()!).Where(m => m.StartsWith("welcome-", StringComparison.Ordinal))];
            await Eventually.TrueAsync(async () => (await WelcomesAsync()).Distinct().Count() == 975, CustomerFiles.WelcomeTimeout, "975 distinct welcome mails in the sink", ct);
            var welcomes = await WelcomesAsync();
            Assert.InRange(welcomes.Count - 975, 0, 1);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}

public sealed class when_a_customer_is_registered_and_later_removed_from_the_table(LocalHostFixture fixture)
{
    [Fact]
    public async Task the_replica_lists_the_customer_by_region_and_then_no_longer()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = fixture.Http;
        var state = $"Removal-{Guid.NewGuid():N}";
        using var created = await http.PostAsJsonAsync("/customers", new { name = "Ada Lovelace", email = $"{state}@example.com", state, city = "London", postcode = "SW1A 1AA" }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();

        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromMinutes(1), ct);
        var listed = Assert.Single((await http.GetFromJsonAsync<JsonElement>($"/customers?state={state}", ct)).GetProperty("items").EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetString());
        Assert.False(listed.TryGetProperty("postcode", out _));

        // An operator's erasure, straight on the table: the stream's REMOVE reaches the replica.
        var dynamoDb = fixture.Host.Services.GetRequiredService<Amazon.DynamoDBv2.IAmazonDynamoDB>();
        await dynamoDb.DeleteItemAsync(
            CustomersTopology.Table.Name,
            new() { ["pk"] = new() { S = $"CUSTOMER#{id}" }, ["sk"] = new() { S = "CUSTOMER" } },
            ct);
        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromMinutes(1), ct);

        Assert.Empty((await http.GetFromJsonAsync<JsonElement>($"/customers?state={state}", ct)).GetProperty("items").EnumerateArray());
        var check = await http.GetFromJsonAsync<JsonElement>("/admin/customers/replica/check", ct);
        Assert.True(check.GetProperty("inSync").GetBoolean(), check.ToString());
    }
}
