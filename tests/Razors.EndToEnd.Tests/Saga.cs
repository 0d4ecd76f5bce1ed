using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Razors.EndToEnd.Tests;

/// <summary>The saga as a customer and an operator see it: through the three HTTP APIs and the admin API.</summary>
internal static class Saga
{
    public static async Task<string> NewProductAsync(HttpClient http, int unitsOnHand, CancellationToken ct)
    {
        var productId = $"e2e-{Guid.NewGuid():N}"[..20];
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/stock/{productId}") { Content = JsonContent.Create(new { unitsOnHand }) };
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        using var response = await http.SendAsync(request, ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
        return productId;
    }

    public static async Task<Guid> SubscribeAsync(HttpClient http, string productId, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/subscriptions", new { customerId = "cust-saga", productId, monthlyPrice = 9.99m }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> SubscriptionAsync(HttpClient http, Guid id, CancellationToken ct) =>
        await http.GetFromJsonAsync<JsonElement>($"/subscriptions/{id}", ct);

    public static async Task<int> UnitsOnHandAsync(HttpClient http, string productId, CancellationToken ct) =>
        (await http.GetFromJsonAsync<JsonElement>($"/stock/{productId}", ct)).GetProperty("unitsOnHand").GetInt32();

    public static async Task<JsonElement> PaymentOfAsync(HttpClient http, Guid subscriptionId, CancellationToken ct)
    {
        var payments = await http.GetFromJsonAsync<JsonElement>($"/payments?subscriptionId={subscriptionId}", ct);
        var list = payments.ValueKind == JsonValueKind.Array ? payments : payments.GetProperty("items");
        return Assert.Single(list.EnumerateArray());
    }

    public static async Task<string> WaitForStatusAsync(HttpClient http, Guid id, string status, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var current = (await SubscriptionAsync(http, id, ct)).GetProperty("status").GetString()!;
            if (current == status || DateTime.UtcNow > deadline)
            {
                return current;
            }

            await Task.Delay(50, ct);
        }
    }

    /// <summary>Every dead-letter queue of the host, with its depth.</summary>
    public static async Task<Dictionary<string, int>> DeadLetterDepthsAsync(HttpClient http, CancellationToken ct)
    {
        var queues = await http.GetFromJsonAsync<JsonElement>("/admin/queues", ct);
        return queues.EnumerateArray()
            .Where(q => q.GetProperty("deadLetterQueue").GetBoolean())
            .ToDictionary(
                q => q.GetProperty("name").GetString()!,
                q => q.GetProperty("visible").GetInt32() + q.GetProperty("inFlight").GetInt32() + q.GetProperty("delayed").GetInt32());
    }
}
