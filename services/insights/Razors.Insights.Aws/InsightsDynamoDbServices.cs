using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Razors.Insights.Ports;

namespace Razors.Insights.Aws;

public static class InsightsDynamoDbServices
{
    /// <summary>The setting that names the insights table in <see cref="AddInsightsDynamoDb(IHostApplicationBuilder)"/>.</summary>
    public const string TableNameSetting = Razors.Topology.CloudSettings.InsightsTable;

    /// <summary>
    /// Stores the leaderboard in the DynamoDB table named by the <c>Insights:TableName</c> setting;
    /// fails now if it is not set.
    /// </summary>
    public static IHostApplicationBuilder AddInsightsDynamoDb(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var tableName = builder.Configuration[TableNameSetting];
        if (string.IsNullOrWhiteSpace(tableName))
        {
            throw new InvalidOperationException(
                $"The setting {TableNameSetting} (environment variable Insights__TableName) is not set: name the insights service's DynamoDB table.");
        }

        builder.Services.AddInsightsDynamoDb(tableName);
        return builder;
    }

    /// <summary>Stores the leaderboard in <paramref name="tableName"/>, for a host that knows the table without a setting.</summary>
    public static IHostApplicationBuilder AddInsightsDynamoDb(this IHostApplicationBuilder builder, string tableName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddInsightsDynamoDb(tableName);
        return builder;
    }

    /// <summary>Stores the leaderboard in <paramref name="tableName"/>, through the host's <see cref="IAmazonDynamoDB"/>.</summary>
    public static IServiceCollection AddInsightsDynamoDb(this IServiceCollection services, string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        services.AddSingleton<IInsightsStore>(provider => new DynamoDbInsightsStore(
            provider.GetService<IAmazonDynamoDB>()
                ?? throw new InvalidOperationException("The insights store needs an IAmazonDynamoDB: register one in the host before AddInsightsDynamoDb."),
            tableName));
        return services;
    }
}
