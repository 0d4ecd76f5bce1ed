using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Razors.Aws;
using Razors.Insights.Aws;
using Razors.Lambda;
using Razors.ServiceDefaults;

namespace Razors.Insights.Lambda;

/// <summary>
/// What each of the insights service's functions runs, composed from settings: the entry points
/// build these from environment variables, tests from their own configuration.
/// </summary>
public static class InsightsFunctionHosts
{
    /// <summary>The inbound queue's subscription events → the leaderboard's handlers.</summary>
    public static LambdaFunctionHost Inbound(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(
            configuration,
            builder => builder.AddAmazonDynamoDB().AddInsights().AddInsightsDynamoDb().AddEventQueueFunction((function, services) => function.OnInsightsEvents(services)),
            configureServices);

    /// <summary>The HTTP API (<c>GET /leaderboard</c>).</summary>
    public static LambdaFunctionHost Api(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.CreateHttpApi(
            configuration, builder => builder.AddAmazonDynamoDB().AddInsights().AddInsightsDynamoDb().AddRazorsApiDocument(InsightsApi.ApiName), app => app.MapInsightsApi(), configureServices);
}
