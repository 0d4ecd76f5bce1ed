using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Razors.Insights.Features.CountSubscriptions;
using Razors.Insights.Tests.Unit;
using Razors.Testing;

namespace Razors.Insights.Tests.Api;

/// <summary>One API host and one fresh table per test class instance.</summary>
public sealed class when_the_leaderboard_is_read_over_http(DynamoDbLocalFixture dynamo) : IAsyncLifetime
{
    private InsightsApiHost? host;

    private InsightsApiHost Host => host ?? throw new InvalidOperationException("Not started.");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => host = await InsightsApiHost.StartAsync(dynamo, Ct);

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>Activates <paramref name="count"/> subscriptions of the product, through the service's own handlers.</summary>
    private async Task SubscribeAsync(string productId, int count, DateTimeOffset? at = null)
    {
        var created = Host.Services.GetRequiredService<SubscriptionCreatedHandler>();
        var activated = Host.Services.GetRequiredService<SubscriptionActivatedHandler>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7();
            await created.HandleAsync(Samples.Created(id, productId), Ct);
            await activated.HandleAsync(Samples.Activated(id, at), Ct);
        }
    }

    private async Task<JsonObject> GetOkAsync(string path)
    {
        using var response = await Host.Client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }

    private static JsonObject Entry(int rank, string productId, int score) => new JsonObject { ["rank"] = rank, ["productId"] = productId, ["score"] = score };

    [Fact]
    public async Task the_default_is_the_all_time_board_highest_score_first_with_shared_ranks()
    {
        await SubscribeAsync("razor-travel", 1);
        await SubscribeAsync("razor-classic", 11, Samples.December.AddMonths(-1));
        await SubscribeAsync("razor-pro", 2);
        await SubscribeAsync("razor-mini", 2);

        var board = await GetOkAsync("/leaderboard");

        Assert.True(JsonNode.DeepEquals(
            new JsonObject
            {
                ["board"] = "all-time",
                ["entries"] = new JsonArray(Entry(1, "razor-classic", 11), Entry(2, "razor-mini", 2), Entry(2, "razor-pro", 2), Entry(4, "razor-travel", 1)),
            },
            board), board.ToJsonString());
    }

    [Fact]
    public async Task top_n_answers_the_n_highest_and_a_month_only_its_activations()
    {
        await SubscribeAsync("razor-classic", 3);
        await SubscribeAsync("razor-pro", 5);
        await SubscribeAsync("razor-travel", 4, Samples.December.AddMonths(-1));

        var top2 = await GetOkAsync("/leaderboard?board=all-time&top=2");
        var december = await GetOkAsync("/leaderboard?board=2026-12&top=100");
        var january = await GetOkAsync("/leaderboard?board=2027-01");

        Assert.Equal(["razor-pro", "razor-travel"], top2["entries"]!.AsArray().Select(e => (string)e!["productId"]!));
        Assert.Equal([("razor-pro", 5), ("razor-classic", 3)], december["entries"]!.AsArray().Select(e => ((string)e!["productId"]!, (int)e["score"]!)));
        Assert.Equal("2027-01", (string)january["board"]!);
        Assert.Empty(january["entries"]!.AsArray());
    }

    [Theory]
    [InlineData("/leaderboard?board=2026-13", "board")]
    [InlineData("/leaderboard?board=ALL-TIME", "board")]
    [InlineData("/leaderboard?board=all-time&board=2026-12", "board")]
    [InlineData("/leaderboard?top=0", "top")]
    [InlineData("/leaderboard?top=101", "top")]
    [InlineData("/leaderboard?top=abc", "top")]
    [InlineData("/leaderboard?top=", "top")]
    [InlineData("/leaderboard?limit=5", "limit")]
    public async Task a_bad_parameter_is_a_400_problem_naming_it(string path, string parameter)
    {
        using var response = await Host.Client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(400, (int)problem["status"]!);
        Assert.Equal([parameter], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.NotEmpty(problem["errors"]![parameter]!.AsArray());
    }

    [Fact]
    public async Task the_openapi_document_lists_the_leaderboard_with_its_parameters_and_problems()
    {
        var document = await GetOkAsync("/openapi/insights.json");

        var operation = document["paths"]!["/leaderboard"]!["get"]!;
        Assert.Equal(["board", "top"], operation["parameters"]!.AsArray().Select(p => (string)p!["name"]!));
        Assert.All(operation["parameters"]!.AsArray(), p => Assert.Equal("query", (string)p!["in"]!));
        Assert.NotNull(operation["responses"]!["200"]);
        Assert.NotNull(operation["responses"]!["400"]);
    }
}
