using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Razors.Stock.Ports;

namespace Razors.Stock.Aws;

public static class StockDynamoDbServices
{
    /// <summary>The setting that names the stock table in <see cref="AddStockDynamoDb(IHostApplicationBuilder)"/>.</summary>
    public const string TableNameSetting = Razors.Topology.CloudSettings.StockTable;

    /// <summary>
    /// Stores stock in the DynamoDB table named by the <c>Stock:TableName</c> setting; fails now
    /// if it is not set.
    /// </summary>
    public static IHostApplicationBuilder AddStockDynamoDb(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var tableName = builder.Configuration[TableNameSetting];
        if (string.IsNullOrWhiteSpace(tableName))
        {
            throw new InvalidOperationException(
                $"The setting {TableNameSetting} (environment variable Stock__TableName) is not set: name the stock service's DynamoDB table.");
        }

        builder.Services.AddStockDynamoDb(tableName);
        return builder;
    }

    /// <summary>Stores stock in <paramref name="tableName"/>, for a host that knows the table without a setting.</summary>
    public static IHostApplicationBuilder AddStockDynamoDb(this IHostApplicationBuilder builder, string tableName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddStockDynamoDb(tableName);
        return builder;
    }

    /// <summary>Stores stock in <paramref name="tableName"/>, through the host's <see cref="IAmazonDynamoDB"/>.</summary>
    public static IServiceCollection AddStockDynamoDb(this IServiceCollection services, string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        services.AddSingleton<IStockStore>(provider => new DynamoDbStockStore(
            provider.GetService<IAmazonDynamoDB>()
                ?? throw new InvalidOperationException("The stock store needs an IAmazonDynamoDB: register one in the host before AddStockDynamoDb."),
            tableName));
        return services;
    }
}
