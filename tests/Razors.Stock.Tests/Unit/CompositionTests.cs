using Amazon.DynamoDBv2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Razors.Messaging.Consumers;
using Razors.Stock.Aws;
using Razors.Stock.Ports;
using Razors.Topology;

namespace Razors.Stock.Tests.Unit;

public sealed class when_the_host_composes_the_service
{
    [Fact]
    public void a_missing_table_setting_fails_at_start_naming_the_setting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddStockDynamoDb());

        Assert.Contains("Stock:TableName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_table_setting_names_the_stores_table_and_the_handlers_resolve()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("Stock:TableName", "razors-stock-test")]);
        using var dynamoDb = new AmazonDynamoDBClient(
            new Amazon.Runtime.BasicAWSCredentials("key", "secret"), new AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:1" });
        builder.Services.AddSingleton<IAmazonDynamoDB>(dynamoDb);
        builder.Services.AddStock();

        builder.AddStockDynamoDb();

        using var services = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var store = Assert.IsType<DynamoDbStockStore>(services.GetRequiredService<IStockStore>());
        Assert.Equal("razors-stock-test", store.TableName);
        var function = new EventQueueFunction(NullLogger<EventQueueFunction>.Instance).OnStockEvents(services);
        Assert.Equal(StockTopology.Consumes.Select(t => t.DetailType).Order(), function.DetailTypes.Order());
    }

    [Fact]
    public void a_store_without_a_dynamodb_client_says_what_is_missing()
    {
        using var services = new ServiceCollection().AddStock().AddStockDynamoDb("t").BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IStockStore>());

        Assert.Contains(nameof(IAmazonDynamoDB), error.Message, StringComparison.Ordinal);
    }
}
