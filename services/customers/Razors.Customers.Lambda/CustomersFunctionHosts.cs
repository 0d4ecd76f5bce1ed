using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Razors.Aws;
using Razors.Customers.Aws;
using Razors.Lambda;
using Razors.ServiceDefaults;

namespace Razors.Customers.Lambda;

/// <summary>
/// What each of the customers service's functions runs, composed from settings: the entry points
/// build these from environment variables, tests from their own configuration.
/// </summary>
public static class CustomersFunctionHosts
{
    /// <summary>The table's stream → the bus named by <c>Relay:EventBusName</c>.</summary>
    public static LambdaFunctionHost Relay(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(configuration, builder => builder.AddStreamOutboxRelay(), configureServices);

    /// <summary>A schedule's tick → a sweep of the outbox records still pending after <c>Sweeper:GraceMinutes</c>, through the relay's code.</summary>
    public static LambdaFunctionHost Sweeper(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(configuration, builder => builder.AddOutboxSweeper(), configureServices);

    /// <summary>The table's stream, a second time → the region replica.</summary>
    public static LambdaFunctionHost Replica(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(configuration, builder => builder.AddRegionReplicaFunction(), configureServices);

    /// <summary>The uploads queue's notifications → each new file's rows on the import-rows queue.</summary>
    public static LambdaFunctionHost ImportParser(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(configuration, builder => builder.AddImportParserFunction(), configureServices);

    /// <summary>The import-rows queue → each row registered (or rejected) once.</summary>
    public static LambdaFunctionHost ImportInserter(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(configuration, builder => builder.AddImportInserterFunction(), configureServices);

    /// <summary>The HTTP API: registration, look-ups, region queries and imports.</summary>
    public static LambdaFunctionHost Api(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.CreateHttpApi(
            configuration,
            builder => builder.AddAmazonDynamoDB().AddCustomers().AddCustomersDynamoDb().AddRegionReplicaDynamoDb().AddCustomersUploadBucket()
                .AddRazorsApiDocument(CustomersApi.ApiName),
            app => app.MapCustomersApi(),
            configureServices);
}
