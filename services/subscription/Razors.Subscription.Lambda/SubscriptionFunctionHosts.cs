using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Razors.Aws;
using Razors.Lambda;
using Razors.ServiceDefaults;
using Razors.Subscription.Aws;

namespace Razors.Subscription.Lambda;

/// <summary>
/// What each of the subscription service's functions runs, composed from settings: the entry
/// points build these from environment variables, tests from their own configuration.
/// </summary>
public static class SubscriptionFunctionHosts
{
    /// <summary>The table's stream → the bus named by <c>Relay:EventBusName</c>.</summary>
    public static LambdaFunctionHost Relay(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(configuration, builder => builder.AddStreamOutboxRelay(), configureServices);

    /// <summary>A schedule's tick → a sweep of the outbox records still pending after <c>Sweeper:GraceMinutes</c>, through the relay's code.</summary>
    public static LambdaFunctionHost Sweeper(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(configuration, builder => builder.AddOutboxSweeper(), configureServices);

    /// <summary>The inbound queue's stock and payment events → the saga's handlers.</summary>
    public static LambdaFunctionHost Inbound(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(
            configuration,
            builder => builder.AddAmazonDynamoDB().AddSubscription().AddSubscriptionDynamoDb().AddEventQueueFunction((function, services) => function.OnSubscriptionEvents(services)),
            configureServices);

    /// <summary>The HTTP API: <c>POST /subscriptions</c>, <c>GET</c> and <c>DELETE /subscriptions/{id}</c>.</summary>
    public static LambdaFunctionHost Api(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.CreateHttpApi(
            configuration, builder => builder.AddAmazonDynamoDB().AddSubscription().AddSubscriptionDynamoDb().AddRazorsApiDocument(SubscriptionApi.ApiName), app => app.MapSubscriptionApi(), configureServices);
}
