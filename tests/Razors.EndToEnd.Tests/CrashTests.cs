using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Razors.Contracts;

namespace Razors.EndToEnd.Tests;

public sealed class when_the_host_is_killed_after_a_commit_and_before_the_relay_ran
{
    [Fact]
    public async Task the_event_is_delivered_exactly_once_after_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("razors-crash-");
        try
        {
            Guid id;
            await using (var first = await HostProcess.StartAsync(data.FullName, "--disable-mappings"))
            {
                using var http = new HttpClient { BaseAddress = first.BaseAddress };
                using var response = await http.PostAsJsonAsync("/subscriptions", new { customerId = "cust-crash", productId = "razor-classic", monthlyPrice = 9.99m }, ct);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                id = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
                Assert.Empty((await Admin.BusEventsAsync(http, "razors-subscription", ct)).ForAggregate(id));

                first.KillAbruptly();
            }

            await using var second = await HostProcess.StartAsync(data.FullName);
            using var client = new HttpClient { BaseAddress = second.BaseAddress };
            await WaitUntilIdleAsync(client, ct);

            var events = (await Admin.BusEventsAsync(client, "razors-subscription", ct)).ForAggregate(id).OfType(nameof(SubscriptionCreated)).ToList();
            var e = Assert.Single(events);
            Assert.Equal(nameof(SubscriptionCreated), e.GetProperty("detail-type").GetString());
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static async Task WaitUntilIdleAsync(HttpClient http, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonElement>("/admin/status", ct);
            if (status.GetProperty("idle").GetBoolean())
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The host did not become idle: {status}");
            await Task.Delay(100, ct);
        }
    }
}
