using Microsoft.Extensions.DependencyInjection;
using Razors.Customers.Lambda;
using Razors.Lambda.Events;
using Razors.Topology;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests;

public sealed class when_a_customers_function_starts
{
    [Theory]
    [InlineData("api", CloudSettings.CustomersTable)]
    [InlineData("replica", CloudSettings.CustomersReplicaDeadLetterQueueUrl)]
    [InlineData("parser", CloudSettings.CustomersUploadBucket)]
    [InlineData("inserter", CloudSettings.CustomersTable)]
    public void a_missing_setting_is_named_with_its_environment_variable(string function, string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Host(function, Settings()));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Contains(CloudSettings.EnvironmentVariable(setting), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task with_its_settings_each_function_builds_the_kind_of_function_its_mapping_calls()
    {
        await using var replica = CustomersFunctionHosts.Replica(Settings(
            (CloudSettings.CustomersRegionTable, "razors-customers-by-region"),
            (CloudSettings.CustomersReplicaDeadLetterQueueUrl, $"https://sqs.{Region}.amazonaws.com/123456789012/razors-customers-replica-dlq")));
        await using var parser = CustomersFunctionHosts.ImportParser(InboundSettings(
            (CloudSettings.CustomersUploadBucket, "razors-customers-uploads-abc123"),
            (CloudSettings.CustomersImportRowsQueueUrl, $"https://sqs.{Region}.amazonaws.com/123456789012/razors-customers-import-rows")));
        await using var inserter = CustomersFunctionHosts.ImportInserter(InboundSettings((CloudSettings.CustomersTable, "razors-customers")));

        Assert.IsType<Customers.Aws.RegionReplicaFunction>(replica.Services.GetRequiredService<IDynamoDbStreamFunction>());
        Assert.IsType<SqsEventQueueFunction>(parser.Services.GetRequiredService<ISqsFunction>());
        Assert.IsType<Customers.Aws.UploadNotificationsProcessor>(((SqsEventQueueFunction)parser.Services.GetRequiredService<ISqsFunction>()).Processor);
        Assert.IsType<Customers.Features.BulkImport.ImportRowsProcessor>(((SqsEventQueueFunction)inserter.Services.GetRequiredService<ISqsFunction>()).Processor);
    }

    private static LambdaFunctionHost Host(string function, Microsoft.Extensions.Configuration.IConfiguration settings) => function switch
    {
        "api" => CustomersFunctionHosts.Api(settings),
        "replica" => CustomersFunctionHosts.Replica(settings),
        "parser" => CustomersFunctionHosts.ImportParser(InboundSettings()),
        _ => CustomersFunctionHosts.ImportInserter(InboundSettings()),
    };
}
