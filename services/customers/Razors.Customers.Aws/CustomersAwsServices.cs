using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Razors.Aws;
using Razors.Aws.Sqs;
using Razors.Customers.Features.BulkImport;
using Razors.Customers.Ports;
using Razors.Lambda.Events;
using Razors.Topology;

namespace Razors.Customers.Aws;

/// <summary>The customers service's import and replica parts on AWS: the upload bucket, the rows queue and the replica's DLQ, in the function's region.</summary>
public static class CustomersAwsServices
{
    /// <summary>The upload store on the S3 bucket named by <c>Customers:UploadBucket</c>.</summary>
    public static IHostApplicationBuilder AddCustomersUploadBucket(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var bucket = LambdaFunctions.Required(builder.Configuration, CloudSettings.CustomersUploadBucket, "name the bucket import files are uploaded to");
        var region = LambdaFunctions.Region(builder.Configuration);
        builder.Services.TryAddSingleton<IAmazonS3>(_ => new AmazonS3Client(new AmazonS3Config { RegionEndpoint = region }));
        builder.Services.AddSingleton<IUploadStore>(provider => new S3UploadStore(provider.GetRequiredService<IAmazonS3>(), bucket));
        return builder;
    }

    /// <summary>The import-rows queue at <c>Customers:ImportRowsQueueUrl</c>.</summary>
    public static IHostApplicationBuilder AddCustomersImportRowsQueue(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var url = LambdaFunctions.Required(builder.Configuration, CloudSettings.CustomersImportRowsQueueUrl, "give the URL of the import-rows queue");
        builder.AddAmazonSqs();
        builder.Services.AddSingleton<IImportRowQueue>(provider => new SqsImportRowQueue(provider.GetRequiredService<IAmazonSQS>(), url));
        return builder;
    }

    /// <summary>
    /// The region replica's stream function (<see cref="RegionReplicaFunction"/>) on the replica
    /// named by <c>Customers:RegionTableName</c>, dead-lettering to <c>Customers:ReplicaDeadLetterQueueUrl</c>.
    /// </summary>
    public static IHostApplicationBuilder AddRegionReplicaFunction(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var deadLetters = LambdaFunctions.Required(builder.Configuration, CloudSettings.CustomersReplicaDeadLetterQueueUrl, "give the URL of the replica's DLQ");
        builder.AddAmazonDynamoDB().AddRegionReplicaDynamoDb().AddAmazonSqs();
        builder.Services.AddSingleton<IDynamoDbStreamFunction>(provider => new RegionReplicaFunction(
            provider.GetRequiredService<IRegionDirectory>(),
            new SqsDeadLetterQueue(provider.GetRequiredService<IAmazonSQS>(), deadLetters),
            provider.GetRequiredService<ILogger<RegionReplicaFunction>>()));
        return builder;
    }

    /// <summary>The parser fed by the uploads queue: the bucket's notifications in, the rows to the rows queue.</summary>
    public static IHostApplicationBuilder AddImportParserFunction(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCustomers().AddCustomersUploadBucket().AddCustomersImportRowsQueue();
        return builder.AddQueueFunction(provider => new UploadNotificationsProcessor(provider.GetRequiredService<ImportParser>()));
    }

    /// <summary>The inserter fed by the rows queue: each row registered or rejected in the customers table.</summary>
    public static IHostApplicationBuilder AddImportInserterFunction(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAmazonDynamoDB().AddCustomers().AddCustomersDynamoDb();
        return builder.AddQueueFunction(provider => new ImportRowsProcessor(provider.GetRequiredService<ImportRowHandler>()));
    }
}
