using System.Net;
using System.Text.Json.Nodes;
using Razors.Payments.Domain;
using Razors.Payments.Service.Tests.Fakes;

namespace Razors.Payments.Service.Tests.Api;

/// <summary>One API host over a fresh in-memory store per test.</summary>
public abstract class ApiTest : IAsyncLifetime
{
    private PaymentsApiHost? host;

    private protected PaymentsHarness Payments { get; } = new();

    private protected HttpClient Client => (host ?? throw new InvalidOperationException("Not started.")).Client;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => host = await PaymentsApiHost.StartAsync(Payments, Ct);

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>A payment set up the way the saga sets it up: by its SubscriptionCreated.</summary>
    private protected async Task<Payment> CreatedAsync(Guid? subscriptionId = null)
    {
        var id = subscriptionId ?? Guid.CreateVersion7();
        await Payments.Created.HandleAsync(Incoming.Created(id), Ct);
        return Payments.Store.Payments.Single(p => p.SubscriptionId == id);
    }

    protected Task<HttpResponseMessage> CancelAsync(string id) => Client.PostAsync($"/payments/{id}/cancel", content: null, Ct);

    protected static async Task<JsonNode> BodyAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>An RFC 9457 problem with this status, naming <paramref name="field"/> in <c>errors</c> when given.</summary>
    protected static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await BodyAsync(response);
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        if (field is not null)
        {
            Assert.NotEmpty(problem["errors"]![field]!.AsArray());
        }
    }
}
