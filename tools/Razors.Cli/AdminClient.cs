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

    private static string Metadata(JsonElement busEvent, string name) =>
        busEvent.GetProperty("detail").TryGetProperty("metadata", out var m) && m.TryGetProperty(name, out var v) ? v.ToString() : "?";

    private async Task<JsonElement?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var response = await SendAsync(() => http.GetAsync(path, cancellationToken));
        if (response is null || !await EnsureSuccessAsync(response, cancellationToken))
        {
            return null;
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    private async Task<HttpResponseMessage?> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"razors: cannot reach the local host at {baseAddress} ({e.Message}). Start it with ./run.sh, or pass --url.");
            return null;
        }
    }

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
