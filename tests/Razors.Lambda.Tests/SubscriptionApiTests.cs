using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Razors.Subscription.Lambda;
using Razors.Testing;
using Razors.Topology;
using static Razors.Lambda.Tests.HttpApiRequests;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests.HttpApi;

/// <summary>The subscription service's API function, fed API Gateway payloads, over a DynamoDB Local table.</summary>
public sealed class when_api_gateway_invokes_the_subscription_api(DynamoDbLocalFixture dynamo) : IAsyncLifetime
{
    private const string ValidBody = """{ "customerId": "customer-1", "productId": "razor-classic", "monthlyPrice": 9.99 }""";

    private LambdaFunctionHost? host;

    private LambdaFunctionHost Host => host ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var table = await dynamo.CreateTableAsync(SubscriptionTopology.Table, Ct);
        host = SubscriptionFunctionHosts.Api(
            Settings((CloudSettings.SubscriptionTable, table.Name)),
            services => services.AddSingleton(dynamo.Client));
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    private Task<JsonNode> SendAsync(string request) => InvokeAsync(LambdaEntries.HttpApiAsync, Host, request);

    [Fact]
    public async Task a_post_creates_the_subscription_with_201_and_a_location_whose_get_answers_json()
    {
        var created = await SendAsync(Request("POST", "/subscriptions", ValidBody));

        Assert.Equal(201, created["statusCode"]!.GetValue<int>());
        Assert.False(created["isBase64Encoded"]!.GetValue<bool>());
        var location = created["headers"]!["Location"].Text();
        var resource = JsonNode.Parse(created["body"].Text())!;
        Assert.Equal($"/subscriptions/{resource["id"].Text()}", location);
        Assert.Equal("Pending", resource["status"].Text());

        var fetched = await SendAsync(Request("GET", location));

        Assert.Equal(200, fetched["statusCode"]!.GetValue<int>());
        Assert.StartsWith("application/json", fetched["headers"]!["Content-Type"].Text(), StringComparison.Ordinal);
        var body = JsonNode.Parse(fetched["body"].Text())!;
        Assert.Equal(resource["id"].Text(), body["id"].Text());
        Assert.Equal("customer-1", body["customerId"].Text());
    }

    [Fact]
    public async Task a_base64_body_is_decoded_before_the_endpoint_reads_it()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(ValidBody));

        var created = await SendAsync(Request("POST", "/subscriptions", encoded, base64: true));

        Assert.Equal(201, created["statusCode"]!.GetValue<int>());
        Assert.Equal("razor-classic", JsonNode.Parse(created["body"].Text())!["productId"].Text());
    }

    [Fact]
    public async Task a_body_that_is_not_a_json_object_is_a_400_problem()
    {
        var answer = await SendAsync(Request("POST", "/subscriptions", "[1, 2"));

        AssertProblem(answer, 400);
    }

    [Fact]
    public async Task invalid_fields_are_a_422_problem_naming_each_field()
    {
        var answer = await SendAsync(Request("POST", "/subscriptions", """{ "customerId": "", "productId": "razor-classic", "monthlyPrice": -1 }"""));

        var problem = AssertProblem(answer, 422);
        Assert.NotNull(problem["errors"]!["customerId"]);
        Assert.NotNull(problem["errors"]!["monthlyPrice"]);
    }

    [Fact]
    public async Task an_unknown_route_is_a_404_problem()
    {
        var answer = await SendAsync(Request("GET", "/no-such-thing"));

        AssertProblem(answer, 404);
    }

    [Fact]
    public async Task an_unknown_subscription_is_a_404_and_a_query_string_does_not_change_the_route()
    {
        var answer = await SendAsync(Request("GET", $"/subscriptions/{Guid.CreateVersion7()}", rawQueryString: "include=timeline&x=1"));

        Assert.Equal(404, answer["statusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_replayed_idempotency_key_among_multi_value_headers_answers_the_same_subscription()
    {
        var headers = new Dictionary<string, string> { ["idempotency-key"] = "key-1", ["accept"] = "application/json,application/problem+json" };

        var first = await SendAsync(Request("POST", "/subscriptions", ValidBody, headers: headers));
        var replay = await SendAsync(Request("POST", "/subscriptions", ValidBody, headers: headers, requestId: "second-request"));

        Assert.Equal((201, 200), (first["statusCode"]!.GetValue<int>(), replay["statusCode"]!.GetValue<int>()));
        Assert.Equal(JsonNode.Parse(first["body"].Text())!["id"].Text(), JsonNode.Parse(replay["body"].Text())!["id"].Text());
    }

    private static JsonNode AssertProblem(JsonNode answer, int status)
    {
        Assert.Equal(status, answer["statusCode"]!.GetValue<int>());
        Assert.StartsWith("application/problem+json", answer["headers"]!["Content-Type"].Text(), StringComparison.Ordinal);
        var problem = JsonNode.Parse(answer["body"].Text())!;
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        return problem;
    }
}
