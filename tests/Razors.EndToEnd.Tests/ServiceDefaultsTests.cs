using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Razors.ServiceDefaults;

namespace Razors.EndToEnd.Tests;

public sealed class when_a_service_s_openapi_document_is_read(LocalHostFixture fixture)
{
    public static readonly TheoryData<string> Services = ["subscription", "stock", "payments"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task every_endpoint_it_maps_is_listed_with_its_responses_and_problems(string service)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await fixture.Http.GetAsync($"/openapi/{service}.json", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var paths = document.RootElement.GetProperty("paths");

        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointGroupNameMetadata>()?.EndpointGroupName == service)
            .ToList();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var method = endpoint.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods.Single().ToLowerInvariant();
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in /openapi/{service}.json");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is not in /openapi/{service}.json");
            var responses = operation.GetProperty("responses");
            var declared = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>();
            var problems = declared.Where(d => d.StatusCode >= 400).ToList();
            Assert.NotEmpty(problems);
            foreach (var produced in declared)
            {
                var status = produced.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(responses.TryGetProperty(status, out var answer), $"{method} {path} lists no {status}");
                if (produced.StatusCode >= 400)
                {
                    Assert.True(
                        answer.GetProperty("content").TryGetProperty("application/problem+json", out _),
                        $"{method} {path} {status} is not problem details");
                }
            }
        }
    }
}

public sealed class when_the_stock_openapi_document_is_read(LocalHostFixture fixture)
{
    [Fact]
    public async Task the_put_lists_its_conditional_headers_and_every_write_and_read_its_etag()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await fixture.Http.GetAsync("/openapi/stock.json", ct);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var paths = document.RootElement.GetProperty("paths");

        var put = paths.GetProperty("/stock/{productId}").GetProperty("put");
        var headers = put.GetProperty("parameters").EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "header")
            .Select(p => p.GetProperty("name").GetString())
            .ToList();
        Assert.Equal(["If-Match", "If-None-Match"], headers);
        foreach (var status in new[] { "400", "412", "428", "503" })
        {
            Assert.True(put.GetProperty("responses").TryGetProperty(status, out _), $"PUT lists no {status}");
        }

        foreach (var (path, method, status) in new[]
        {
            ("/stock/{productId}", "get", "200"), ("/stock/{productId}", "put", "200"), ("/stock/{productId}", "put", "201"),
            ("/stock/{productId}/restock", "post", "200"),
        })
        {
            var answer = paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status);
            Assert.True(answer.GetProperty("headers").TryGetProperty("ETag", out _), $"{method} {path} {status} has no ETag header");
        }
    }
}

public sealed class when_the_host_is_asked_how_it_is(LocalHostFixture fixture)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task it_answers_healthy(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await fixture.Http.GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task the_api_reference_page_is_served()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await fixture.Http.GetAsync("/scalar", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>
/// A store that cannot be reached (shared/ServiceDefaults/StoreUnreachableExceptionHandler.cs):
/// a real DynamoDB client sent to a port nothing listens on, behind the defaults every host uses.
/// </summary>
public sealed class when_a_store_cannot_be_reached
{
    [Fact]
    public async Task the_request_gets_503_problem_details_with_retry_after_not_500()
    {
        var ct = TestContext.Current.CancellationToken;
        var closedPort = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddRazorsDefaults("razors-test", RazorsConsoleFormat.SingleLine);
        await using var app = builder.Build();
        app.UseExceptionHandler();
        app.MapGet("/probe", async (CancellationToken token) =>
        {
            using var client = new AmazonDynamoDBClient(
                new BasicAWSCredentials("unreachable", "unreachable"),
                new AmazonDynamoDBConfig { ServiceURL = $"http://127.0.0.1:{closedPort}", MaxErrorRetry = 0, AuthenticationRegion = "us-east-1" });
            await client.DescribeTableAsync("razors-stock", token);
            return Results.Ok();
        });
        await app.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using var response = await http.GetAsync("/probe", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("cannot be reached", problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        await app.StopAsync(ct);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
