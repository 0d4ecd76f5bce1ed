using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Razors.Aws;
using Razors.Lambda;
using Razors.Lambda.Events;
using Razors.ServiceDefaults;
using Razors.Subscription.Aws;
using Razors.Subscription.Features.Saga;
using Razors.Topology;

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

    /// <summary>
    /// A schedule's tick → every subscription still Pending after <c>Subscription:SagaDeadlineMinutes</c>
    /// (15 by default) cancelled with reason Timeout.
    /// </summary>
    public static LambdaFunctionHost SagaDeadlines(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(
            configuration,
            builder =>
            {
                builder.Services.AddSingleton(SagaDeadlineOptions(builder.Configuration));
                builder.AddAmazonDynamoDB().AddSubscription().AddSubscriptionDynamoDb();
                builder.Services.AddSingleton<IEventBridgeFunction>(provider =>
                    new ScheduledFunction(async ct => await provider.GetRequiredService<SagaDeadline>().CancelOverdueAsync(ct)));
            },
            configureServices);

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

    private static SagaDeadlineOptions SagaDeadlineOptions(IConfiguration configuration)
    {
        var minutes = configuration[CloudSettings.SagaDeadlineMinutes];
        if (string.IsNullOrWhiteSpace(minutes))
        {
            return new SagaDeadlineOptions();
        }

        return int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= 10_080
            ? new SagaDeadlineOptions { Deadline = TimeSpan.FromMinutes(parsed) }
            : throw new InvalidOperationException(
                $"The setting {CloudSettings.SagaDeadlineMinutes} (environment variable {CloudSettings.EnvironmentVariable(CloudSettings.SagaDeadlineMinutes)}) is '{minutes}': it must be a whole number of minutes from 1 to 10080 (a week).");
    }
}
