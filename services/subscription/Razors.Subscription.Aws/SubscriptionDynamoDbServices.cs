using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Razors.Subscription.Ports;

namespace Razors.Subscription.Aws;

public static class SubscriptionDynamoDbServices
{
    /// <summary>The setting that names the subscription table in <see cref="AddSubscriptionDynamoDb(IHostApplicationBuilder)"/>.</summary>
    public const string TableNameSetting = Razors.Topology.CloudSettings.SubscriptionTable;

    /// <summary>
    /// Stores subscriptions in the DynamoDB table named by the <c>Subscription:TableName</c> setting;
    /// fails now if it is not set.
    /// </summary>
    public static IHostApplicationBuilder AddSubscriptionDynamoDb(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var tableName = builder.Configuration[TableNameSetting];
        if (string.IsNullOrWhiteSpace(tableName))
        {
            throw new InvalidOperationException(
                $"The setting {TableNameSetting} (environment variable Subscription__TableName) is not set: name the subscription service's DynamoDB table.");
        }

        builder.Services.AddSubscriptionDynamoDb(tableName);
        return builder;
    }

    /// <summary>Stores subscriptions in <paramref name="tableName"/>, for a host that knows the table without a setting.</summary>
    public static IHostApplicationBuilder AddSubscriptionDynamoDb(this IHostApplicationBuilder builder, string tableName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSubscriptionDynamoDb(tableName);
        return builder;
    }

    /// <summary>Stores subscriptions in <paramref name="tableName"/>, through the host's <see cref="IAmazonDynamoDB"/>.</summary>
    public static IServiceCollection AddSubscriptionDynamoDb(this IServiceCollection services, string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        services.AddSingleton<ISubscriptionStore>(provider => new DynamoDbSubscriptionStore(
            provider.GetService<IAmazonDynamoDB>()
                ?? throw new InvalidOperationException("The subscription store needs an IAmazonDynamoDB: register one in the host before AddSubscriptionDynamoDb."),
            tableName));
        return services;
    }
}
