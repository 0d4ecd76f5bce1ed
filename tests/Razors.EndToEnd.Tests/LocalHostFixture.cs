using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Razors.LocalHost;

[assembly: AssemblyFixture(typeof(Razors.EndToEnd.Tests.LocalHostFixture))]

// The tests share one host and read its bus archive, so they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

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

/// <summary>Reads a host's bus archive through the admin API, as a developer would.</summary>
internal static class Admin
{
    public static async Task<IReadOnlyList<JsonElement>> BusEventsAsync(HttpClient http, string bus, CancellationToken cancellationToken)
    {
        var events = await http.GetFromJsonAsync<JsonElement>($"/admin/buses/{bus}/events?limit=1000", cancellationToken);
        return [.. events.EnumerateArray()];
    }

    public static IEnumerable<JsonElement> ForAggregate(this IEnumerable<JsonElement> events, Guid aggregateId) =>
        events.Where(e => e.GetProperty("detail").GetProperty("metadata").GetProperty("aggregateId").GetString() == aggregateId.ToString());
}
