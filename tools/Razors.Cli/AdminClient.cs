using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Razors.Cli;

/// <summary>Talks to a running local host's admin API and prints for people.</summary>
internal sealed class AdminClient(Uri baseAddress, TextWriter output)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async Task<int> ShowEventsAsync(string bus, int limit, CancellationToken cancellationToken)
    {
        var events = await GetAsync($"/admin/buses/{Uri.EscapeDataString(bus)}/events?limit={limit}", cancellationToken);
        if (events is null)
        {
            return 1;
        }

        foreach (var e in events.Value.EnumerateArray())
        {
            output.WriteLine($"{e.GetProperty("time")}  {e.GetProperty("source")}  {e.GetProperty("detail-type")}  eventId={Metadata(e, "eventId")}  aggregate={Metadata(e, "aggregateId")} v{Metadata(e, "aggregateVersion")}");
            output.WriteLine("  " + JsonSerializer.Serialize(e.GetProperty("detail").GetProperty("data"), Indented).Replace("\n", "\n  ", StringComparison.Ordinal));
        }

        output.WriteLine($"{events.Value.GetArrayLength()} event(s) on {bus}.");
        return 0;
    }

    public async Task<int> ListDeadLetterQueuesAsync(CancellationToken cancellationToken)
    {
        var queues = await GetAsync("/admin/queues", cancellationToken);
        if (queues is null)
        {
            return 1;
        }

        output.WriteLine($"{"dead-letter queue",-48} {"messages",8}");
        foreach (var q in queues.Value.EnumerateArray().Where(q => q.GetProperty("deadLetterQueue").GetBoolean()))
        {
            var total = q.GetProperty("visible").GetInt32() + q.GetProperty("inFlight").GetInt32() + q.GetProperty("delayed").GetInt32();
            output.WriteLine($"{q.GetProperty("name").GetString(),-48} {total,8}");
        }

        return 0;
    }

    public async Task<int> ShowMessagesAsync(string queue, int limit, CancellationToken cancellationToken)
    {
        var messages = await GetAsync($"/admin/queues/{Uri.EscapeDataString(queue)}/messages?limit={limit}", cancellationToken);
        if (messages is null)
        {
            return 1;
        }

        foreach (var m in messages.Value.EnumerateArray())
        {
            output.WriteLine($"message {m.GetProperty("messageId")}  sent {m.GetProperty("sentAt")}  receives {m.GetProperty("receiveCount")}");
            foreach (var attribute in m.GetProperty("messageAttributes").EnumerateObject())
            {
                output.WriteLine($"  {attribute.Name}: {attribute.Value}");
            }

            foreach (var attribute in m.GetProperty("attributes").EnumerateObject().Where(a => a.Name is "DeadLetterQueueSourceArn"))
            {
                output.WriteLine($"  source: {attribute.Value}");
            }

            output.WriteLine($"  body: {m.GetProperty("body").GetString()}");
        }

        output.WriteLine($"{messages.Value.GetArrayLength()} message(s) in {queue}.");
        return 0;
    }

    public async Task<int> RedriveAsync(string queue, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var response = await SendAsync(() => http.PostAsync($"/admin/queues/{Uri.EscapeDataString(queue)}/redrive", null, cancellationToken));
        if (response is null || !await EnsureSuccessAsync(response, cancellationToken))
        {
            return 1;
        }

        var result = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        output.WriteLine($"Moved {result.GetProperty("moved")} message(s) out of {queue}.");
        return 0;
    }

    /// <summary>One saga across the three services: each one's state, then every event of the saga on every bus, in time order.</summary>
    public async Task<int> ShowSagaAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        var subscription = await GetAsync($"/subscriptions/{subscriptionId}", cancellationToken);
        if (subscription is null)
        {
            return 1;
        }

        var allocation = await GetAsync($"/stock/allocations/{subscriptionId}", cancellationToken, quietIfMissing: true);
        var payments = await GetAsync($"/payments?subscriptionId={subscriptionId}", cancellationToken);
        var payment = payments?.EnumerateArray().FirstOrDefault();
        output.WriteLine($"subscription {subscriptionId}: {subscription.Value.GetProperty("status")}{Reason(subscription.Value)}");
        output.WriteLine(allocation is { } a
            ? $"stock:        {a.GetProperty("status")} ({a.GetProperty("units")} units of {a.GetProperty("productId")})"
            : "stock:        no allocation yet");
        output.WriteLine(payment is { ValueKind: JsonValueKind.Object } p
            ? $"payment {p.GetProperty("id")}: {p.GetProperty("status")}{Reason(p)}"
            : "payment:      none yet");

        output.WriteLine();
        var correlationId = subscription.Value.GetProperty("id").GetString();
        var events = new List<JsonElement>();
        foreach (var bus in new[] { "razors-subscription", "razors-stock", "razors-payments" })
        {
            var archive = await GetAsync($"/admin/buses/{bus}/events?limit=1000", cancellationToken);
            // A forwarded event is archived on the producer's bus and on each consumer's: show it once.
            events.AddRange(archive?.EnumerateArray().Where(e => Metadata(e, "correlationId") == correlationId && e.GetProperty("source").GetString() == $"razors.{bus["razors-".Length..]}") ?? []);
        }

        foreach (var e in events.OrderBy(e => Metadata(e, "occurredAt"), StringComparer.Ordinal))
        {
            output.WriteLine($"{Metadata(e, "occurredAt")}  {e.GetProperty("source"),-20} {e.GetProperty("detail-type"),-22} eventId={Metadata(e, "eventId")}  causedBy={Metadata(e, "causationId")}");
        }

        return 0;
    }

    private static string Reason(JsonElement resource) =>
        resource.TryGetProperty("cancellationReason", out var reason) ? $" ({reason})" : "";

    private static string Metadata(JsonElement busEvent, string name) =>
        busEvent.GetProperty("detail").TryGetProperty("metadata", out var m) && m.TryGetProperty(name, out var v) ? v.ToString() : "?";

    private async Task<JsonElement?> GetAsync(string path, CancellationToken cancellationToken, bool quietIfMissing = false)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var response = await SendAsync(() => http.GetAsync(path, cancellationToken));
        if (quietIfMissing && response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (response is null || !await EnsureSuccessAsync(response, cancellationToken))
        {
            return null;
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    private Task<HttpResponseMessage?> SendAsync(Func<Task<HttpResponseMessage>> send) => LocalHostRequests.SendAsync(baseAddress, Console.Error, send);

    private static async Task<bool> EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        var problem = await response.Content.ReadAsStringAsync(cancellationToken);
        var detail = response.StatusCode == HttpStatusCode.NotFound ? "not found" : response.StatusCode.ToString();
        await Console.Error.WriteLineAsync($"razors: {detail}: {problem}");
        return false;
    }
}
