using Amazon.DynamoDBv2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Razors.Messaging.Consumers;
using Razors.Subscription.Aws;
using Razors.Subscription.Features.CancelSubscription;
using Razors.Subscription.Features.CreateSubscription;
using Razors.Subscription.Ports;
using Razors.Topology;

namespace Razors.Subscription.Tests.Unit;

public sealed class when_the_host_composes_the_service
{
    [Fact]
    public void a_missing_table_setting_fails_at_start_naming_the_setting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddSubscriptionDynamoDb());

        Assert.Contains("Subscription:TableName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_table_setting_names_the_stores_table()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("Subscription:TableName", "razors-subscription-test")]);
        using var dynamoDb = new AmazonDynamoDBClient(
            new Amazon.Runtime.BasicAWSCredentials("key", "secret"), new AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:1" });
        builder.Services.AddSingleton<IAmazonDynamoDB>(dynamoDb);
        builder.Services.AddSubscription();

        builder.AddSubscriptionDynamoDb();

        using var services = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var store = Assert.IsType<DynamoDbSubscriptionStore>(services.GetRequiredService<ISubscriptionStore>());
        Assert.Equal("razors-subscription-test", store.TableName);
        Assert.NotNull(services.GetRequiredService<CreateSubscriptionHandler>());
        Assert.NotNull(services.GetRequiredService<CancelSubscriptionHandler>());
    }

    [Fact]
    public void a_store_without_a_dynamodb_client_says_what_is_missing()
    {
        using var services = new ServiceCollection().AddSubscription().AddSubscriptionDynamoDb("t").BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<ISubscriptionStore>());

        Assert.Contains(nameof(IAmazonDynamoDB), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_queue_function_handles_exactly_the_events_the_topology_routes_to_the_service()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSubscription().AddSingleton<ISubscriptionStore>(new InMemorySubscriptionStore());
        using var services = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var function = new EventQueueFunction(NullLogger<EventQueueFunction>.Instance).OnSubscriptionEvents(services);

        Assert.Equal(SubscriptionTopology.Consumes.Select(t => t.DetailType).Order(), function.DetailTypes.Order());
    }
}
