using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Razors.Aws;
using Razors.Customers.Ports;
using Razors.Topology;

namespace Razors.Customers.Aws;

public static class CustomersDynamoDbServices
{
    /// <summary>Stores customers in the table named by <c>Customers:TableName</c>; fails now if it is not set.</summary>
    public static IHostApplicationBuilder AddCustomersDynamoDb(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCustomersDynamoDb(LambdaFunctions.Required(builder.Configuration, CloudSettings.CustomersTable, "name the customers service's DynamoDB table"));
        return builder;
    }

    /// <summary>Reads and writes the region replica named by <c>Customers:RegionTableName</c>; fails now if it is not set.</summary>
    public static IHostApplicationBuilder AddRegionReplicaDynamoDb(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRegionReplicaDynamoDb(LambdaFunctions.Required(builder.Configuration, CloudSettings.CustomersRegionTable, "name the region replica's DynamoDB table"));
        return builder;
    }

    /// <summary>Stores customers in <paramref name="tableName"/>, through the host's <see cref="IAmazonDynamoDB"/>.</summary>
    public static IServiceCollection AddCustomersDynamoDb(this IServiceCollection services, string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ICustomerStore>(provider => new DynamoDbCustomerStore(DynamoDb(provider), tableName, provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The region replica in <paramref name="tableName"/>, through the host's <see cref="IAmazonDynamoDB"/>.</summary>
    public static IServiceCollection AddRegionReplicaDynamoDb(this IServiceCollection services, string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IRegionDirectory>(provider => new DynamoDbRegionDirectory(DynamoDb(provider), tableName, provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static IAmazonDynamoDB DynamoDb(IServiceProvider provider) =>
        provider.GetService<IAmazonDynamoDB>()
            ?? throw new InvalidOperationException("The customers stores need an IAmazonDynamoDB: register one in the host before AddCustomersDynamoDb.");
}
