using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Razors.Contracts;
using Razors.LocalCloud;
using Razors.LocalHost;
using Razors.Topology;

namespace Razors.EndToEnd.Tests;

/// <summary>
/// An in-memory local host of its own, for a fault test that needs resources or functions the
/// shared one does not have. Dispose stops it and its DynamoDB Local.
/// </summary>
internal sealed class FaultHost : IAsyncDisposable
{
    /// <summary>The owner of the resources fault tests add to the topology.</summary>
    public const string Owner = "faults";

    /// <summary>An event pattern matching every <see cref="SubscriptionCreated"/> on the subscription bus.</summary>
    public static readonly string SubscriptionCreatedPattern = new JsonObject
    {
        ["source"] = new JsonArray(EventSources.Subscription),
        ["detail-type"] = new JsonArray(nameof(SubscriptionCreated)),
    }.ToJsonString();

    private FaultHost(LocalHost.LocalHost host)
    {
        Host = host;
        Http = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public LocalHost.LocalHost Host { get; }

    public HttpClient Http { get; }

    /// <summary>The standard topology, extended by <paramref name="extend"/>, with <paramref name="functions"/> added or replacing the host's own, and the options as <paramref name="configure"/> sets them.</summary>
    public static async Task<FaultHost> StartAsync(
        Func<TopologyDefinition, TopologyDefinition> extend,
        LocalFunctions functions,
        CancellationToken cancellationToken,
        Func<LocalHostOptions, LocalHostOptions>? configure = null)
    {
        var options = new LocalHostOptions
        {
            Topology = extend(RazorsTopology.Build()),
            ExtraFunctions = functions,
            MinimumLogLevel = LogLevel.Warning,
        };
        return new FaultHost(await LocalHost.LocalHost.StartAsync(configure?.Invoke(options) ?? options, cancellationToken));
    }

    /// <summary>Creates a subscription through the API; returns its id (the events' aggregate id).</summary>
    public async Task<Guid> CreateSubscriptionAsync(string customerId, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync(
            "/subscriptions", new { customerId, productId = "razor-classic", monthlyPrice = 9.99m }, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
    }

    /// <summary>Until every bus delivery, retry and mapping has settled (generous: the machine may be loaded).</summary>
    public Task WaitUntilIdleAsync(CancellationToken cancellationToken) =>
        Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(60), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
