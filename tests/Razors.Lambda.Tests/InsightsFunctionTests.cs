using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Razors.Contracts;
using Razors.Insights.Lambda;
using Razors.Testing;
using Razors.Topology;
using static Razors.Lambda.Tests.HttpApiRequests;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests;

public sealed class when_an_insights_function_starts
{
    [Theory]
    [InlineData("api")]
    [InlineData("inbound")]
    public void a_missing_table_setting_is_named_with_its_environment_variable(string function)
    {
        var error = Assert.Throws<InvalidOperationException>(() => function == "api" ? InsightsFunctionHosts.Api(Settings()) : InsightsFunctionHosts.Inbound(InboundSettings()));

        Assert.Contains(CloudSettings.InsightsTable, error.Message, StringComparison.Ordinal);
        Assert.Contains(CloudSettings.EnvironmentVariable(CloudSettings.InsightsTable), error.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// The insights functions over a DynamoDB Local table: the inbound entry fed SQS batches of the
/// subscription events as the rules deliver them, the API entry fed API Gateway payloads.
/// </summary>
public sealed class when_lambda_invokes_the_insights_functions(DynamoDbLocalFixture dynamo) : IAsyncLifetime
{
    private LambdaFunctionHost? inbound;
    private LambdaFunctionHost? api;
    private string? table;

    private LambdaFunctionHost Inbound => inbound ?? throw new InvalidOperationException("Not started.");

    private LambdaFunctionHost Api => api ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        table = (await dynamo.CreateTableAsync(InsightsTopology.Table, Ct)).Name;
        inbound = InsightsFunctionHosts.Inbound(InboundSettings((CloudSettings.InsightsTable, table)), services => services.AddSingleton(dynamo.Client));
        api = InsightsFunctionHosts.Api(Settings((CloudSettings.InsightsTable, table)), services => services.AddSingleton(dynamo.Client));
    }

    public async ValueTask DisposeAsync()
    {
        if (inbound is not null)
        {
            await inbound.DisposeAsync();
        }

        if (api is not null)
        {
            await api.DisposeAsync();
        }

        if (table is not null)
        {
            await dynamo.Client.DeleteTableAsync(table, CancellationToken.None);
        }
    }

    private static string Body<T>(T data, DateTimeOffset? occurredAt = null)
        where T : class
    {
        var record = Record(data, "saga-1");
        if (occurredAt is { } at)
        {
            var detail = JsonNode.Parse(record.Detail)!;
            detail["metadata"]!["occurredAt"] = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            record = record with { Detail = detail.ToJsonString() };
        }

        return BusEvent(record);
    }

    [Fact]
    public async Task a_batch_of_a_subscription_s_events_in_any_order_counts_it_once_and_the_api_serves_the_board()
    {
        var id = Guid.CreateVersion7();
        var activated = Body(new SubscriptionActivated { SubscriptionId = id, PaymentId = Guid.CreateVersion7() }, new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        var created = Body(new SubscriptionCreated
        {
            SubscriptionId = id, CustomerId = "customer-1", ProductId = "razor-pro", UnitsPerMonth = 1, Months = 12, MonthlyPrice = 9.99m, Currency = "GBP",
        });

        var response = await InvokeAsync(LambdaEntries.SqsAsync, Inbound, SqsEvent(("m-1", activated, null), ("m-2", created, null), ("m-3", activated, null)));

        Assert.Empty(response["batchItemFailures"]!.AsArray());
        foreach (var board in new[] { "all-time", "2026-12" })
        {
            var answer = await InvokeAsync(LambdaEntries.HttpApiAsync, Api, Request("GET", "/leaderboard", rawQueryString: $"board={board}&top=5"));
            Assert.Equal(200, answer["statusCode"]!.GetValue<int>());
            var entries = JsonNode.Parse(answer["body"].Text())!["entries"]!.AsArray();
            Assert.Equal([("razor-pro", 1)], entries.Select(e => (e!["productId"].Text(), e["score"]!.GetValue<int>())));
        }
    }

    [Fact]
    public async Task a_bad_query_is_a_400_problem_naming_the_parameter()
    {
        var answer = await InvokeAsync(LambdaEntries.HttpApiAsync, Api, Request("GET", "/leaderboard", rawQueryString: "board=2026-13&top=500"));

        Assert.Equal(400, answer["statusCode"]!.GetValue<int>());
        Assert.StartsWith("application/problem+json", answer["headers"]!["Content-Type"].Text(), StringComparison.Ordinal);
        var errors = JsonNode.Parse(answer["body"].Text())!["errors"]!.AsObject();
        Assert.Equal(["board", "top"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }
}
