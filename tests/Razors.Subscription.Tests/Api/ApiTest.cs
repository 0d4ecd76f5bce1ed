using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Razors.Subscription.Aws;
using Razors.Subscription.Ports;
using Razors.Testing;

namespace Razors.Subscription.Tests.Api;

/// <summary>One API host and one fresh table per test.</summary>
public abstract class ApiTest(DynamoDbLocalFixture dynamo) : IAsyncLifetime
{
    protected const string ValidBody = """{ "customerId": "customer-1", "productId": "razor-classic", "monthlyPrice": 9.99 }""";

    private SubscriptionApiHost? host;

    protected DynamoDbLocalFixture Dynamo { get; } = dynamo;

    protected SubscriptionApiHost Host => host ?? throw new InvalidOperationException("Not started.");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Override to wrap the real store.</summary>
    protected virtual Func<DynamoDbSubscriptionStore, ISubscriptionStore>? DecorateStore => null;

    public async ValueTask InitializeAsync()
    {
        var decorate = DecorateStore;
        host = await SubscriptionApiHost.StartAsync(
            Dynamo, decorate is null ? null : store => decorate((DynamoDbSubscriptionStore)store), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    protected Task<HttpResponseMessage> PostAsync(string json, string? idempotencyKey = null, string? correlationId = null) =>
        SendAsync(new StringContent(json, Encoding.UTF8, "application/json"), idempotencyKey, correlationId);

    protected async Task<HttpResponseMessage> SendAsync(HttpContent content, string? idempotencyKey = null, string? correlationId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/subscriptions") { Content = content };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (correlationId is not null)
        {
            request.Headers.Add("X-Correlation-Id", correlationId);
        }

        return await Host.Client.SendAsync(request, Ct);
    }

    protected async Task<JsonObject> CreateAsync()
    {
        using var response = await PostAsync(ValidBody);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await BodyAsync(response);
    }

    protected static async Task<JsonObject> BodyAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
    }

    /// <summary>An RFC 9457 problem with this status, naming <paramref name="field"/> in <c>errors</c> when given.</summary>
    protected static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
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

        return problem;
    }

    protected Task<List<Dictionary<string, AttributeValue>>> ScanAsync() => Host.ScanAsync(Ct);

    /// <summary>The envelopes in the outbox, in no particular order.</summary>
    protected async Task<List<JsonObject>> OutboxAsync() =>
        (await ScanAsync()).OfKind("outbox").Select(i => JsonNode.Parse(i["detail"].S)!.AsObject()).ToList();

    protected static MediaTypeHeaderValue Json => new("application/json");
}
