using System.Net.Http.Json;
using System.Text.Json;

namespace Razors.EndToEnd.Tests;

public sealed class when_an_admin_request_is_bad(LocalHostFixture fixture)
{
    [Fact]
    public async Task an_unknown_bus_is_a_404_problem()
    {
        var problem = await ProblemAsync(HttpMethod.Get, "/admin/buses/razors-no-such-bus/events", 404);

        Assert.Contains("razors-no-such-bus", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/buses/razors-subscription/events?limit=0")]
    [InlineData("/admin/queues/razors-subscription-relay-dlq/messages?limit=0")]
    public async Task a_limit_of_zero_is_a_400_problem_naming_limit(string path)
    {
        var problem = await ProblemAsync(HttpMethod.Get, path, 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _), $"The problem does not name limit: {problem}");
    }

    [Theory]
    [InlineData("GET", "/admin/queues/razors-no-such-queue/messages")]
    [InlineData("POST", "/admin/queues/razors-no-such-queue/redrive")]
    public async Task an_unknown_queue_is_a_404_problem(string method, string path)
    {
        var problem = await ProblemAsync(new HttpMethod(method), path, 404);

        Assert.Contains("razors-no-such-queue", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> ProblemAsync(HttpMethod method, string path, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(method, path);
        using var response = await fixture.Http.SendAsync(request, ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
