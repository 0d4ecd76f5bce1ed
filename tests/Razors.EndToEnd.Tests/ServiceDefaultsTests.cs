using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

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
