using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Razors.Stock.Features.AllocateStock;
using Razors.Stock.Tests.Unit;
using Razors.Testing;

namespace Razors.Stock.Tests.Api;

/// <summary>One API host and one fresh, seeded table per test.</summary>
public abstract class ApiTest(DynamoDbLocalFixture dynamo) : IAsyncLifetime
{
    private StockApiHost? host;

    protected StockApiHost Host => host ?? throw new InvalidOperationException("Not started.");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => host = await StockApiHost.StartAsync(dynamo, Ct);

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    protected Task<HttpResponseMessage> PutAsync(string path, string json, string mediaType = "application/json") =>
        Host.Client.PutAsync(path, new StringContent(json, Encoding.UTF8, mediaType), Ct);

    protected async Task<JsonObject> GetOkAsync(string path)
    {
        using var response = await Host.Client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await BodyAsync(response);
    }

    protected static async Task<JsonObject> BodyAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
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

public sealed class when_stock_is_read_over_http(DynamoDbLocalFixture dynamo) : ApiTest(dynamo)
{
    [Theory]
    [InlineData("razor-classic", 1000)]
    [InlineData("razor-pro", 500)]
    [InlineData("razor-travel", 50)]
    public async Task a_seeded_product_answers_200_with_its_units_on_hand(string productId, int units)
    {
        var body = await GetOkAsync($"/stock/{productId}");

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["productId"] = productId, ["unitsOnHand"] = units }, body));
    }

    [Fact]
    public async Task an_unknown_product_is_a_404_problem()
    {
        using var response = await Host.Client.GetAsync("/stock/razor-gold", Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_allocation_answers_200_with_its_status_and_the_units_show_it()
    {
        var id = Guid.CreateVersion7();
        var handler = Host.Services.GetRequiredService<SubscriptionCreatedHandler>();
        await handler.HandleAsync(Samples.Envelope(Samples.Created(id, "razor-travel", unitsPerMonth: 2)), Ct);

        var allocation = await GetOkAsync($"/stock/allocations/{id:D}");

        Assert.Equal((id.ToString("D"), "razor-travel", 24, "Allocated", 1L),
            ((string)allocation["subscriptionId"]!, (string)allocation["productId"]!, (int)allocation["units"]!,
             (string)allocation["status"]!, (long)allocation["version"]!));
        Assert.Null(allocation["failureReason"]);
        Assert.Equal(26, (int)(await GetOkAsync("/stock/razor-travel"))["unitsOnHand"]!);
    }

    [Fact]
    public async Task a_refused_allocation_shows_why()
    {
        var id = Guid.CreateVersion7();
        var handler = Host.Services.GetRequiredService<SubscriptionCreatedHandler>();
        await handler.HandleAsync(Samples.Envelope(Samples.Created(id, "razor-travel", unitsPerMonth: 5)), Ct);

        var allocation = await GetOkAsync($"/stock/allocations/{id:D}");

        Assert.Equal(("Failed", "Only 50 units of razor-travel on hand; 60 requested."),
            ((string)allocation["status"]!, (string)allocation["failureReason"]!));
    }

    [Theory]
    [InlineData("0199b6a5-1d2c-7000-8000-000000000000")]
    [InlineData("not-a-subscription-id")]
    public async Task an_unknown_allocation_is_a_404_problem(string id)
    {
        using var response = await Host.Client.GetAsync($"/stock/allocations/{id}", Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }
}

public sealed class when_stock_is_set_over_http(DynamoDbLocalFixture dynamo) : ApiTest(dynamo)
{
    [Fact]
    public async Task a_known_product_answers_200_and_reads_back_with_the_new_units()
    {
        using var response = await PutAsync("/stock/razor-pro", """{ "unitsOnHand": 7 }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.True(JsonNode.DeepEquals(await BodyAsync(response), await GetOkAsync("/stock/razor-pro")));
        Assert.Equal(7, (int)(await GetOkAsync("/stock/razor-pro"))["unitsOnHand"]!);
    }

    [Fact]
    public async Task an_unknown_product_is_added_with_201_and_its_location()
    {
        using var response = await PutAsync("/stock/razor-gold", """{ "unitsOnHand": 0 }""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(new Uri("/stock/razor-gold", UriKind.Relative), response.Headers.Location);
        Assert.Equal(0, (int)(await GetOkAsync("/stock/razor-gold"))["unitsOnHand"]!);
    }

    public static TheoryData<string, string> BadFields => new()
    {
        { "unitsOnHand", """{ }""" },
        { "unitsOnHand", """{ "unitsOnHand": -1 }""" },
        { "unitsOnHand", """{ "unitsOnHand": 1000001 }""" },
        { "unitsOnHand", """{ "unitsOnHand": "12" }""" },
        { "units", """{ "unitsOnHand": 12, "units": 12 }""" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task an_invalid_field_is_named_in_a_422_problem_and_nothing_changes(string field, string json)
    {
        using var response = await PutAsync("/stock/razor-pro", json);

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, field);
        Assert.Equal(500, (int)(await GetOkAsync("/stock/razor-pro"))["unitsOnHand"]!);
    }

    [Fact]
    public async Task a_product_id_over_64_characters_is_named_in_a_422_problem()
    {
        using var response = await PutAsync($"/stock/{new string('p', 65)}", """{ "unitsOnHand": 1 }""");

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "productId");
    }

    [Theory]
    [InlineData("""{ "unitsOnHand": """)]
    [InlineData("""[ 7 ]""")]
    public async Task a_body_that_is_not_a_json_object_is_a_400_problem(string json)
    {
        using var response = await PutAsync("/stock/razor-pro", json);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(500, (int)(await GetOkAsync("/stock/razor-pro"))["unitsOnHand"]!);
    }

    [Fact]
    public async Task a_body_that_is_not_json_is_a_415_problem()
    {
        using var response = await PutAsync("/stock/razor-pro", "unitsOnHand=7", "application/x-www-form-urlencoded");

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task a_body_over_1_kib_is_a_413_problem()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{ "unitsOnHand": 7 {{new string(' ', 1024)}} }""")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await Host.Client.PutAsync("/stock/razor-pro", content, Ct);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }
}
