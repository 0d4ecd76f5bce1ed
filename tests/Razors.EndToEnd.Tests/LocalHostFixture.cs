using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Razors.LocalHost;

[assembly: AssemblyFixture(typeof(Razors.EndToEnd.Tests.LocalHostFixture))]

namespace Razors.EndToEnd.Tests;

/// <summary>One in-memory local host (with its own DynamoDB Local) shared by the tests of this assembly.</summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    private LocalHost.LocalHost? host;

    public LocalHost.LocalHost Host => host ?? throw new InvalidOperationException("The host is not started.");

    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        host = await LocalHost.LocalHost.StartAsync(new LocalHostOptions { MinimumLogLevel = LogLevel.Warning }, TestContext.Current.CancellationToken);
        Http = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}

/// <summary>Reads a host's bus archives and queues through the admin API, as a developer would.</summary>
internal static class Admin
{
    public static async Task<IReadOnlyList<JsonElement>> BusEventsAsync(HttpClient http, string bus, CancellationToken cancellationToken)
    {
        var events = await http.GetFromJsonAsync<JsonElement>($"/admin/buses/{bus}/events?limit=1000", cancellationToken);
        return [.. events.EnumerateArray()];
    }

    /// <summary>The queue's messages, oldest first, looked at without receiving them.</summary>
    public static async Task<IReadOnlyList<JsonElement>> QueueMessagesAsync(HttpClient http, string queue, CancellationToken cancellationToken)
    {
        var messages = await http.GetFromJsonAsync<JsonElement>($"/admin/queues/{queue}/messages?limit=1000", cancellationToken);
        return [.. messages.EnumerateArray()];
    }

    /// <summary>The queue's entry in the queue list (depths, whether it is a DLQ).</summary>
    public static async Task<JsonElement> QueueAsync(HttpClient http, string queue, CancellationToken cancellationToken)
    {
        var queues = await http.GetFromJsonAsync<JsonElement>("/admin/queues", cancellationToken);
        return queues.EnumerateArray().Single(q => q.GetProperty("name").GetString() == queue);
    }

    /// <summary>A queue message's body, parsed (bus targets and DLQs carry JSON).</summary>
    public static JsonElement Body(this JsonElement message)
    {
        using var body = JsonDocument.Parse(message.GetProperty("body").GetString()!);
        return body.RootElement.Clone();
    }

    public static string MessageAttribute(this JsonElement message, string name) =>
        message.GetProperty("messageAttributes").GetProperty(name).GetString()!;

    public static Guid AggregateId(this JsonElement busEvent) =>
        busEvent.GetProperty("detail").GetProperty("metadata").GetProperty("aggregateId").GetGuid();

    public static Guid EventId(this JsonElement busEvent) =>
        busEvent.GetProperty("detail").GetProperty("metadata").GetProperty("eventId").GetGuid();

    public static IEnumerable<JsonElement> ForAggregate(this IEnumerable<JsonElement> events, Guid aggregateId) =>
        events.Where(e => e.AggregateId() == aggregateId);

    /// <summary>The events of one type; a subscription's saga puts stock and payment events on its bus too.</summary>
    public static IEnumerable<JsonElement> OfType(this IEnumerable<JsonElement> events, string detailType) =>
        events.Where(e => e.GetProperty("detail-type").GetString() == detailType);
}
