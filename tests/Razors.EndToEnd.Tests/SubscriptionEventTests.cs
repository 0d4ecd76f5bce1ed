using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Razors.Contracts;

namespace Razors.EndToEnd.Tests;

public sealed class when_a_subscription_is_created_through_the_api(LocalHostFixture fixture)
{
    [Fact]
    public async Task its_SubscriptionCreated_event_reaches_the_subscription_bus_exactly_once_in_its_envelope()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await fixture.Http.PostAsJsonAsync(
            "/subscriptions",
            new { customerId = "cust-e2e", productId = "razor-classic", unitsPerMonth = 2, months = 12, monthlyPrice = 12.50m, currency = "GBP" },
            ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();

        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(30), ct);
        var events = (await Admin.BusEventsAsync(fixture.Http, "razors-subscription", ct)).ForAggregate(id).OfType(nameof(SubscriptionCreated)).ToList();

        var e = Assert.Single(events);
        Assert.Equal(EventSources.Subscription, e.GetProperty("source").GetString());
        Assert.Equal(nameof(SubscriptionCreated), e.GetProperty("detail-type").GetString());
        var metadata = e.GetProperty("detail").GetProperty("metadata");
        Assert.Equal(EventTypes.SubscriptionCreated.Id, metadata.GetProperty("eventType").GetString());
        Assert.Equal(1, metadata.GetProperty("aggregateVersion").GetInt64());
        Assert.Equal(id.ToString(), metadata.GetProperty("correlationId").GetString());
        Assert.NotEqual(Guid.Empty, metadata.GetProperty("eventId").GetGuid());
        Assert.NotEqual(metadata.GetProperty("eventId").GetString(), e.GetProperty("id").GetString());
        var data = e.GetProperty("detail").GetProperty("data");
        Assert.Equal(id, data.GetProperty("subscriptionId").GetGuid());
        Assert.Equal("razor-classic", data.GetProperty("productId").GetString());
        Assert.Equal(2, data.GetProperty("unitsPerMonth").GetInt32());
        Assert.Equal(12.50m, data.GetProperty("monthlyPrice").GetDecimal());
    }

    [Fact]
    public async Task a_repeated_request_with_the_same_idempotency_key_raises_no_second_event()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = Guid.NewGuid().ToString();
        var body = new { customerId = "cust-idem", productId = "razor-classic", monthlyPrice = 9.99m };
        Guid first = default;
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/subscriptions") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await fixture.Http.SendAsync(request, ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
            first = i == 0 ? id : first;
            Assert.Equal(first, id);
        }

        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Single((await Admin.BusEventsAsync(fixture.Http, "razors-subscription", ct)).ForAggregate(first).OfType(nameof(SubscriptionCreated)));
    }
}

public sealed class when_a_subscription_is_cancelled_twice(LocalHostFixture fixture)
{
    [Fact]
    public async Task one_SubscriptionCancelled_follows_its_SubscriptionCreated()
    {
        var ct = TestContext.Current.CancellationToken;
        using var created = await fixture.Http.PostAsJsonAsync("/subscriptions", new { customerId = "cust-cancel", productId = "razor-classic", monthlyPrice = 9.99m }, ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();

        using var first = await fixture.Http.DeleteAsync($"/subscriptions/{id}", ct);
        using var second = await fixture.Http.DeleteAsync($"/subscriptions/{id}", ct);
        Assert.True(first.IsSuccessStatusCode);
        Assert.True(second.IsSuccessStatusCode);

        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(30), ct);
        var events = (await Admin.BusEventsAsync(fixture.Http, "razors-subscription", ct)).ForAggregate(id)
            .Where(e => e.GetProperty("source").GetString() == EventSources.Subscription)
            .Select(e => (Type: e.GetProperty("detail-type").GetString(), Version: e.GetProperty("detail").GetProperty("metadata").GetProperty("aggregateVersion").GetInt64()))
            .ToList();
        // The saga may activate the subscription before the DELETE lands; either way it is created once and cancelled once.
        Assert.Equal((nameof(SubscriptionCreated), 1L), events[0]);
        Assert.Equal(nameof(SubscriptionCancelled), Assert.Single(events, e => e.Type == nameof(SubscriptionCancelled)).Type);
        Assert.Equal(events.OrderBy(e => e.Version), events);
    }
}

public sealed class when_a_create_request_is_bad(LocalHostFixture fixture)
{
    [Theory]
    [InlineData("{\"customerId\":", 400)]
    [InlineData("{\"customerId\":\"c\",\"productId\":\"razor-classic\",\"monthlyPrice\":-1}", 422)]
    public async Task nothing_is_stored_and_nothing_is_published(string body, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(30), ct);
        var before = (await Admin.BusEventsAsync(fixture.Http, "razors-subscription", ct)).Count;

        using var response = await fixture.Http.PostAsync("/subscriptions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal(before, (await Admin.BusEventsAsync(fixture.Http, "razors-subscription", ct)).Count);
    }
}
