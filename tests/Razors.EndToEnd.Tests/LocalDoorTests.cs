using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Razors.LocalCloud.Queues;
using Razors.Topology;

namespace Razors.EndToEnd.Tests;

/// <summary>A page of another origin open in the developer's browser sends what a browser would.</summary>
public sealed class when_a_page_of_another_origin_calls_the_local_host(LocalHostFixture fixture)
{
    private const string Foreign = "http://rebound.example";

    public static readonly TheoryData<string, string> BrowserMarks = new()
    {
        { "Origin", Foreign },
        { "Origin", "null" },
        { "Sec-Fetch-Site", "cross-site" },
        { "Sec-Fetch-Site", "same-site" },
    };

    [Theory]
    [MemberData(nameof(BrowserMarks))]
    public async Task a_text_plain_post_that_would_cancel_a_payment_is_refused_and_the_payment_stays_active(string header, string value)
    {
        var ct = TestContext.Current.CancellationToken;
        var product = await Saga.NewProductAsync(fixture.Http, unitsOnHand: 100, ct);
        var subscription = await Saga.SubscribeAsync(fixture.Http, product, ct);
        Assert.Equal("Active", await Saga.WaitForStatusAsync(fixture.Http, subscription, "Active", ct));
        var payment = (await Saga.PaymentOfAsync(fixture.Http, subscription, ct)).GetProperty("id").GetGuid();

        using var response = await SendAsync(HttpMethod.Post, $"/payments/{payment}/cancel", header, value, ct);

        await AssertRefusedAsync(response, ct);
        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(60), ct);
        Assert.Equal("Active", (await Saga.PaymentOfAsync(fixture.Http, subscription, ct)).GetProperty("status").GetString());
        Assert.Equal("Active", (await Saga.SubscriptionAsync(fixture.Http, subscription, ct)).GetProperty("status").GetString());
        Assert.Equal(88, await Saga.UnitsOnHandAsync(fixture.Http, product, ct));
    }

    [Theory]
    [MemberData(nameof(BrowserMarks))]
    public async Task a_redrive_is_refused_and_the_dlq_keeps_its_message(string header, string value)
    {
        var ct = TestContext.Current.CancellationToken;
        var queues = fixture.Host.Cloud.Queues;
        var dlq = StockTopology.InboundDeadLetterQueue.Name;
        queues.SendMessage(dlq, new OutgoingMessage("""{"poison":true}"""));
        try
        {
            using var response = await SendAsync(HttpMethod.Post, $"/admin/queues/{dlq}/redrive", header, value, ct);

            await AssertRefusedAsync(response, ct);
            Assert.Single(await Admin.QueueMessagesAsync(fixture.Http, dlq, ct));
            Assert.Equal(0, queues.GetStats(StockTopology.Inbound.Name).Total);
        }
        finally
        {
            foreach (var message in queues.ReceiveMessages(dlq, 10))
            {
                queues.DeleteMessage(dlq, message.ReceiptHandle);
            }
        }
    }

    [Theory]
    [InlineData("rebound.example")]
    [InlineData("rebound.example:{port}")]
    [InlineData("127.0.0.2:{port}")]
    [InlineData("127.0.0.1:1")]
    [InlineData("localhost")]
    public async Task a_get_naming_another_host_is_refused(string host)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/queues");
        request.Headers.Host = host.Replace("{port}", fixture.Host.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using var response = await fixture.Http.SendAsync(request, ct);

        await AssertRefusedAsync(response, ct);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("[::1]")]
    public async Task a_page_of_the_host_itself_and_a_client_without_browser_headers_are_served(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var host = $"{name}:{fixture.Host.BaseAddress.Port}";
        var dlq = StockTopology.InboundDeadLetterQueue.Name;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/queues/{dlq}/redrive");
        request.Headers.Host = host;
        request.Headers.Add("Origin", $"http://{host}");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        using var samePage = await fixture.Http.SendAsync(request, ct);
        using var plainClient = await fixture.Http.PostAsync($"/admin/queues/{dlq}/redrive", content: null, ct);

        Assert.Equal(HttpStatusCode.OK, samePage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, plainClient.StatusCode);
        Assert.Equal(0, (await plainClient.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("moved").GetInt32());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string header, string value, CancellationToken ct)
    {
        // What a cross-site HTML form or no-cors fetch sends: no preflight for text/plain.
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent("x", Encoding.UTF8, "text/plain") };
        request.Headers.Add(header, value);
        return await fixture.Http.SendAsync(request, ct);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }
}
