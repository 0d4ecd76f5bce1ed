using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Razors.Stock.Domain;
using Razors.Stock.Features;
using Razors.Stock.Features.AllocateStock;
using Razors.Stock.Ports;
using Razors.Stock.Tests.Unit;
using Razors.Testing;

namespace Razors.Stock.Tests.Api;

/// <summary>One API host and one fresh, seeded table per test.</summary>
public abstract class ApiTest(DynamoDbLocalFixture dynamo, Action<IServiceCollection>? configure = null) : IAsyncLifetime
{
    private StockApiHost? host;

    protected StockApiHost Host => host ?? throw new InvalidOperationException("Not started.");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => host = await StockApiHost.StartAsync(dynamo, Ct, configure);

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>A PUT that replaces version 1, as the seeded products are.</summary>
    protected Task<HttpResponseMessage> PutAsync(string path, string json, string mediaType = "application/json") =>
        SendAsync(HttpMethod.Put, path, json, mediaType, ("If-Match", "\"1\""));

    /// <summary>A request with the body and the headers as given, unchecked, so malformed ones reach the server.</summary>
    protected async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string json, string mediaType = "application/json", params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, mediaType) };
        foreach (var (name, value) in headers)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value));
        }

        return await Host.Client.SendAsync(request, Ct);
    }

    protected Task<HttpResponseMessage> RestockAsync(string productId, int units) =>
        SendAsync(HttpMethod.Post, $"/stock/{productId}/restock", $$"""{ "units": {{units}} }""");

    protected async Task<(JsonObject Body, string? ETag)> GetProductAsync(string productId)
    {
        using var response = await Host.Client.GetAsync($"/stock/{productId}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await BodyAsync(response), response.Headers.ETag?.ToString());
    }

    protected async Task<int> UnitsOnHandAsync(string productId) => (int)(await GetProductAsync(productId)).Body["unitsOnHand"]!;

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
    public async Task a_seeded_product_answers_200_with_its_units_on_hand_and_version_1_as_its_etag(string productId, int units)
    {
        var (body, etag) = await GetProductAsync(productId);

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["productId"] = productId, ["unitsOnHand"] = units, ["version"] = 1 }, body));
        Assert.Equal("\"1\"", etag);
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
        var (product, etag) = await GetProductAsync("razor-travel");
        Assert.Equal((26, 2L, "\"2\""), ((int)product["unitsOnHand"]!, (long)product["version"]!, etag));
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
    public async Task the_etag_of_a_get_replaces_the_units_with_200_and_the_new_etag_and_reads_back()
    {
        var (_, etag) = await GetProductAsync("razor-pro");

        using var response = await SendAsync(HttpMethod.Put, "/stock/razor-pro", """{ "unitsOnHand": 7 }""", headers: ("If-Match", etag!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        var (body, etagNow) = await GetProductAsync("razor-pro");
        Assert.True(JsonNode.DeepEquals(await BodyAsync(response), body));
        Assert.Equal((7, 2L, "\"2\""), ((int)body["unitsOnHand"]!, (long)body["version"]!, etagNow));
    }

    [Fact]
    public async Task an_etag_read_before_an_allocation_is_a_412_problem_and_the_allocation_stands()
    {
        var (_, etag) = await GetProductAsync("razor-classic");
        await Host.Services.GetRequiredService<SubscriptionCreatedHandler>()
            .HandleAsync(Samples.Envelope(Samples.Created(Guid.CreateVersion7())), Ct);

        using var response = await SendAsync(HttpMethod.Put, "/stock/razor-classic", """{ "unitsOnHand": 1000 }""", headers: ("If-Match", etag!));

        await AssertProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(988, await UnitsOnHandAsync("razor-classic"));
    }

    [Fact]
    public async Task if_match_on_a_product_that_is_not_there_is_a_412_problem_and_adds_nothing()
    {
        using var response = await SendAsync(HttpMethod.Put, "/stock/razor-gold", """{ "unitsOnHand": 1 }""", headers: ("If-Match", "\"1\""));

        await AssertProblemAsync(response, HttpStatusCode.PreconditionFailed);
        using var read = await Host.Client.GetAsync("/stock/razor-gold", Ct);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task if_none_match_star_adds_a_new_product_with_201_its_location_and_etag_1()
    {
        using var response = await SendAsync(HttpMethod.Put, "/stock/razor-gold", """{ "unitsOnHand": 0 }""", headers: ("If-None-Match", "*"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(new Uri("/stock/razor-gold", UriKind.Relative), response.Headers.Location);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal((0, "\"1\""), (await UnitsOnHandAsync("razor-gold"), (await GetProductAsync("razor-gold")).ETag));
    }

    [Fact]
    public async Task if_none_match_star_on_a_product_that_exists_is_a_412_problem_and_keeps_its_units()
    {
        using var response = await SendAsync(HttpMethod.Put, "/stock/razor-pro", """{ "unitsOnHand": 0 }""", headers: ("If-None-Match", "*"));

        await AssertProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(500, await UnitsOnHandAsync("razor-pro"));
    }

    [Fact]
    public async Task neither_if_match_nor_if_none_match_is_a_428_problem_and_nothing_changes()
    {
        using var response = await SendAsync(HttpMethod.Put, "/stock/razor-pro", """{ "unitsOnHand": 0 }""");

        await AssertProblemAsync(response, HttpStatusCode.PreconditionRequired);
        Assert.Equal(500, await UnitsOnHandAsync("razor-pro"));
    }

    public static TheoryData<string, string, string> BadHeaders => new()
    {
        { "If-Match", "1", "If-Match" },
        { "If-Match", "W/\"1\"", "If-Match" },
        { "If-Match", "*", "If-Match" },
        { "If-Match", "\"01\"", "If-Match" },
        { "If-Match", "\"1\", \"2\"", "If-Match" },
        { "If-Match", "\"one\"", "If-Match" },
        { "If-Match", "\"1234567890123456789\"", "If-Match" },
        { "If-None-Match", "\"1\"", "If-None-Match" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task a_precondition_that_cannot_be_read_is_a_400_problem_naming_the_header(string header, string value, string named)
    {
        using var response = await SendAsync(HttpMethod.Put, "/stock/razor-pro", """{ "unitsOnHand": 0 }""", headers: (header, value));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, named);
        Assert.Equal(500, await UnitsOnHandAsync("razor-pro"));
    }

    [Fact]
    public async Task if_match_and_if_none_match_together_are_a_400_problem_naming_if_none_match()
    {
        using var response = await SendAsync(
            HttpMethod.Put, "/stock/razor-pro", """{ "unitsOnHand": 0 }""", headers: [("If-Match", "\"1\""), ("If-None-Match", "*")]);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "If-None-Match");
    }

    [Fact]
    public async Task of_many_replacements_with_the_same_etag_at_once_exactly_one_wins()
    {
        var responses = await Task.WhenAll(Enumerable.Range(1, 10).Select(n =>
            SendAsync(HttpMethod.Put, "/stock/razor-pro", $$"""{ "unitsOnHand": {{n}} }""", headers: ("If-Match", "\"1\""))));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.PreconditionFailed));
        var winner = await BodyAsync(responses.Single(r => r.StatusCode == HttpStatusCode.OK));
        Assert.True(JsonNode.DeepEquals(winner, (await GetProductAsync("razor-pro")).Body));
        Array.ForEach(responses, r => r.Dispose());
    }

    [Fact]
    public async Task of_many_additions_of_one_new_product_at_once_exactly_one_wins()
    {
        var responses = await Task.WhenAll(Enumerable.Range(1, 10).Select(n =>
            SendAsync(HttpMethod.Put, "/stock/razor-gold", $$"""{ "unitsOnHand": {{n}} }""", headers: ("If-None-Match", "*"))));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.PreconditionFailed));
        Array.ForEach(responses, r => r.Dispose());
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
        Assert.Equal(500, await UnitsOnHandAsync("razor-pro"));
    }

    [Fact]
    public async Task a_product_id_over_64_characters_is_named_in_a_422_problem()
    {
        using var response = await SendAsync(
            HttpMethod.Put, $"/stock/{new string('p', 65)}", """{ "unitsOnHand": 1 }""", headers: ("If-None-Match", "*"));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "productId");
    }

    [Theory]
    [InlineData("""{ "unitsOnHand": """)]
    [InlineData("""[ 7 ]""")]
    public async Task a_body_that_is_not_a_json_object_is_a_400_problem(string json)
    {
        using var response = await PutAsync("/stock/razor-pro", json);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(500, await UnitsOnHandAsync("razor-pro"));
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

        using var request = new HttpRequestMessage(HttpMethod.Put, "/stock/razor-pro") { Content = content };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        using var response = await Host.Client.SendAsync(request, Ct);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }
}

public sealed class when_stock_is_restocked_over_http(DynamoDbLocalFixture dynamo) : ApiTest(dynamo)
{
    [Fact]
    public async Task the_units_are_added_with_200_and_the_new_etag()
    {
        using var response = await RestockAsync("razor-travel", 25);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        var (body, etag) = await GetProductAsync("razor-travel");
        Assert.True(JsonNode.DeepEquals(await BodyAsync(response), body));
        Assert.Equal((75, "\"2\""), ((int)body["unitsOnHand"]!, etag));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100_000)]
    public async Task from_1_to_100_000_units_are_taken(int units)
    {
        using var response = await RestockAsync("razor-travel", units);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(50 + units, await UnitsOnHandAsync("razor-travel"));
    }

    [Theory]
    [InlineData("""{ "units": 0 }""")]
    [InlineData("""{ "units": 100001 }""")]
    [InlineData("""{ "units": -3 }""")]
    [InlineData("""{ }""")]
    [InlineData("""{ "units": "5" }""")]
    public async Task units_missing_or_out_of_range_are_named_in_a_422_problem(string json)
    {
        using var response = await SendAsync(HttpMethod.Post, "/stock/razor-travel/restock", json);

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "units");
        Assert.Equal(50, await UnitsOnHandAsync("razor-travel"));
    }

    [Fact]
    public async Task a_total_over_a_million_is_named_in_a_422_problem_and_nothing_is_added()
    {
        await Host.Services.GetRequiredService<IStockStore>().SetUnitsOnHandAsync("razor-travel", 950_000, 1, Ct);

        using var response = await RestockAsync("razor-travel", 50_001);

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "units");
        Assert.Equal(950_000, await UnitsOnHandAsync("razor-travel"));
        using var toTheLimit = await RestockAsync("razor-travel", 50_000);
        Assert.Equal((HttpStatusCode.OK, 1_000_000), (toTheLimit.StatusCode, await UnitsOnHandAsync("razor-travel")));
    }

    [Fact]
    public async Task an_unknown_product_is_a_404_problem_and_is_not_added()
    {
        using var response = await RestockAsync("razor-gold", 5);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
        using var read = await Host.Client.GetAsync("/stock/razor-gold", Ct);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Theory]
    [InlineData("""{ "units": """, "application/json", HttpStatusCode.BadRequest)]
    [InlineData("units=5", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task a_body_that_is_not_a_json_object_is_a_problem(string body, string mediaType, HttpStatusCode status)
    {
        using var response = await SendAsync(HttpMethod.Post, "/stock/razor-travel/restock", body, mediaType);

        await AssertProblemAsync(response, status);
    }
}

public sealed class when_restocks_race_allocations_over_http(DynamoDbLocalFixture dynamo) : ApiTest(dynamo)
{
    private const int Allocations = 40;
    private const int Restocks = 20;
    private const int UnitsPerRestock = 18;

    [Fact]
    public async Task every_restock_and_every_allocation_counts_once()
    {
        await Host.Services.GetRequiredService<IStockStore>().SetUnitsOnHandAsync("razor-travel", 0, 1, Ct);
        var handler = Host.Services.GetRequiredService<SubscriptionCreatedHandler>();
        var ids = Enumerable.Range(0, Allocations).Select(_ => Guid.CreateVersion7()).ToList();

        var allocating = ids.Select(id => Task.Run(() => handler.HandleAsync(Samples.Envelope(Samples.Created(id, "razor-travel")), Ct), Ct));
        var restocking = Enumerable.Range(0, Restocks).Select(_ => Task.Run(
            async () =>
            {
                using var response = await RestockAsync("razor-travel", UnitsPerRestock);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            },
            Ct));
        await Task.WhenAll(allocating.Concat(restocking));

        var store = Host.Services.GetRequiredService<IStockStore>();
        var statuses = new List<AllocationStatus>();
        foreach (var id in ids)
        {
            statuses.Add((await store.GetAllocationAsync(id, Ct))!.Status);
        }

        var allocated = statuses.Count(s => s == AllocationStatus.Allocated);
        Assert.Equal(Allocations, allocated + statuses.Count(s => s == AllocationStatus.Failed));
        var (body, _) = await GetProductAsync("razor-travel");
        Assert.Equal(Restocks * UnitsPerRestock - (allocated * 12), (int)body["unitsOnHand"]!);

        // Version 1, the PUT to 0, each restock and each allocation; a refusal writes no product.
        Assert.Equal(2 + Restocks + allocated, (long)body["version"]!);
    }
}

public sealed class when_other_writers_hold_the_product_through_every_attempt(DynamoDbLocalFixture dynamo)
    : ApiTest(dynamo, services => services
        .AddSingleton(new ConflictRetry(MaxAttempts: 3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20)))
        .AddSingleton<IStockStore>(new ContendedStockStore()))
{
    [Fact]
    public async Task a_replacement_is_a_503_problem_with_retry_after()
    {
        using var response = await PutAsync("/stock/razor-pro", """{ "unitsOnHand": 7 }""");

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task a_restock_is_a_503_problem_with_retry_after()
    {
        using var response = await RestockAsync("razor-pro", 7);

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    /// <summary>Every write of a product meets another transaction (TransactionConflict).</summary>
    private sealed class ContendedStockStore : IStockStore
    {
        public Task<ProductStock?> GetProductAsync(string productId, CancellationToken cancellationToken) =>
            Task.FromResult<ProductStock?>(new ProductStock(productId, 500, 1));

        public Task<Allocation?> GetAllocationAsync(Guid subscriptionId, CancellationToken cancellationToken) =>
            Task.FromResult<Allocation?>(null);

        public Task<IReadOnlyList<ProductStock>> SeedAsync(IEnumerable<ProductStock> products, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ProductStock>>([]);

        public Task<ProductWrite> AddProductAsync(string productId, int unitsOnHand, CancellationToken cancellationToken) =>
            Task.FromResult<ProductWrite>(new ProductWrite.Conflict());

        public Task<ProductWrite> SetUnitsOnHandAsync(string productId, int unitsOnHand, long expectedVersion, CancellationToken cancellationToken) =>
            Task.FromResult<ProductWrite>(new ProductWrite.Conflict());

        public Task<ProductWrite> AddUnitsAsync(string productId, int units, CancellationToken cancellationToken) =>
            Task.FromResult<ProductWrite>(new ProductWrite.Conflict());

        public Task<SaveResult> SaveAsync(StockChange change, CancellationToken cancellationToken) =>
            Task.FromResult(SaveResult.Conflict);
    }
}
