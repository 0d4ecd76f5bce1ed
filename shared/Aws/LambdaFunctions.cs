using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime.Credentials;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Razors.Aws.DynamoDb;
using Razors.Aws.EventBridge;
using Razors.Aws.Outbox;
using Razors.Aws.Sqs;
using Razors.Lambda;
using Razors.Lambda.Events;
using Razors.Messaging;
using Razors.Messaging.Consumers;
using Razors.Topology;

namespace Razors.Aws;

/// <summary>
/// Registrations shared by the services' Lambda functions: the AWS clients, in the function's
/// region with the execution role's credentials, and the function classes the local host binds too.
/// </summary>
public static class LambdaFunctions
{
    /// <summary>The region Lambda sets in every function's environment.</summary>
    public const string RegionSetting = "AWS_REGION";

    /// <summary>The function's region, from <c>AWS_REGION</c>; fails naming the setting when it is not set.</summary>
    public static RegionEndpoint Region(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration[RegionSetting];
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException($"The setting {RegionSetting} is not set: Lambda sets it in every function; elsewhere, name the AWS region.");
        }

        return RegionEndpoint.GetBySystemName(name);
    }

    /// <summary>An <see cref="IAmazonDynamoDB"/> for the function's region.</summary>
    public static IHostApplicationBuilder AddAmazonDynamoDB(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var region = Region(builder.Configuration);
        builder.Services.TryAddSingleton<IAmazonDynamoDB>(_ => new AmazonDynamoDBClient(new AmazonDynamoDBConfig { RegionEndpoint = region }));
        return builder;
    }

    /// <summary>An <see cref="IEventPublisher"/> (SigV4-signed PutEvents) for the function's region.</summary>
    public static IHostApplicationBuilder AddAmazonEventBridge(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var region = Region(builder.Configuration);
        var dnsSuffix = region.SystemName.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        var serviceUrl = new Uri($"https://events.{region.SystemName}.{dnsSuffix}/");
        builder.Services.TryAddSingleton<IEventPublisher>(provider => AmazonEventBridgeClient.CreateSigned(
            serviceUrl,
            DefaultAWSCredentialsIdentityResolver.GetCredentials(),
            region,
            time: provider.GetService<TimeProvider>()));
        return builder;
    }

    /// <summary>
    /// The stream relay of a DynamoDB outbox (<see cref="DynamoDbOutboxRelay"/>) as the function's
    /// <see cref="IDynamoDbStreamFunction"/>, putting on the bus named by <c>Relay:EventBusName</c>,
    /// marking the outbox of <c>Relay:TableName</c>, and dead-lettering to <c>Relay:DeadLetterQueueUrl</c>.
    /// </summary>
    public static IHostApplicationBuilder AddStreamOutboxRelay(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var region = Region(builder.Configuration);
        var options = RelayOptions(builder.Configuration);
        var tableName = Required(builder.Configuration, CloudSettings.RelayTableName, "name the table whose outbox the relay marks");
        var deadLetterQueueUrl = Required(builder.Configuration, CloudSettings.RelayDeadLetterQueueUrl, "give the URL of the relay's DLQ");
        builder.AddAmazonEventBridge().AddAmazonDynamoDB();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IAmazonSQS>(_ => new AmazonSQSClient(new AmazonSQSConfig { RegionEndpoint = region }));
        builder.Services.AddSingleton(provider => new DynamoDbOutboxLedger(
            provider.GetRequiredService<IAmazonDynamoDB>(), tableName, provider.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton<IOutboxLedger>(provider => provider.GetRequiredService<DynamoDbOutboxLedger>());
        builder.Services.TryAddSingleton<IDeadLetterQueue>(provider => new SqsDeadLetterQueue(provider.GetRequiredService<IAmazonSQS>(), deadLetterQueueUrl));
        builder.Services.AddSingleton(provider => new DynamoDbOutboxRelay(
            provider.GetRequiredService<IEventPublisher>(),
            provider.GetRequiredService<IOutboxLedger>(),
            provider.GetRequiredService<IDeadLetterQueue>(),
            options,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<DynamoDbOutboxRelay>>()));
        builder.Services.AddSingleton<IDynamoDbStreamFunction>(provider => provider.GetRequiredService<DynamoDbOutboxRelay>());
        return builder;
    }

    /// <summary>
    /// The outbox sweeper (<see cref="OutboxSweeper"/>) as the function a schedule invokes: the
    /// relay's own registrations, and a sweep per invocation of records pending longer than
    /// <c>Sweeper:GraceMinutes</c>.
    /// </summary>
    public static IHostApplicationBuilder AddOutboxSweeper(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddStreamOutboxRelay();
        var grace = builder.Configuration[CloudSettings.SweeperGraceMinutes] is { Length: > 0 } minutes
            && int.TryParse(minutes, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                ? TimeSpan.FromMinutes(parsed)
                : new OutboxSweeperOptions().GracePeriod;
        builder.Services.AddSingleton(provider => new OutboxSweeper(
            provider.GetRequiredService<DynamoDbOutboxLedger>(),
            provider.GetRequiredService<DynamoDbOutboxRelay>(),
            new OutboxSweeperOptions { GracePeriod = grace },
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<OutboxSweeper>>()));
        builder.Services.AddSingleton<IEventBridgeFunction>(provider =>
            new ScheduledFunction(async ct => await provider.GetRequiredService<OutboxSweeper>().SweepAsync(ct)));
        return builder;
    }

    /// <summary>
    /// The relay of an outbox FIFO queue (<see cref="FifoOutboxRelay"/>) as the function's
    /// <see cref="ISqsFunction"/>, putting on the bus named by <c>Relay:EventBusName</c> and
    /// dead-lettering to the FIFO queue at <c>Relay:DeadLetterQueueUrl</c>.
    /// </summary>
    public static IHostApplicationBuilder AddFifoOutboxRelay(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var region = Region(builder.Configuration);
        var options = RelayOptions(builder.Configuration);
        var deadLetterQueueUrl = Required(builder.Configuration, CloudSettings.RelayDeadLetterQueueUrl, "give the URL of the outbox DLQ");
        builder.AddAmazonEventBridge();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IAmazonSQS>(_ => new AmazonSQSClient(new AmazonSQSConfig { RegionEndpoint = region }));
        builder.Services.TryAddSingleton<IDeadLetterQueue>(provider => new SqsDeadLetterQueue(provider.GetRequiredService<IAmazonSQS>(), deadLetterQueueUrl));
        builder.Services.AddSingleton<ISqsFunction>(provider => new FifoOutboxRelay(
            provider.GetRequiredService<IEventPublisher>(),
            provider.GetRequiredService<IDeadLetterQueue>(),
            options,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<FifoOutboxRelay>>()));
        return builder;
    }

    /// <summary>
    /// The shared batch processor of an inbound queue (<see cref="EventQueueFunction"/>) as the
    /// function's <see cref="ISqsFunction"/>; <paramref name="route"/> adds the service's handlers
    /// (<c>OnSubscriptionEvents</c>, <c>OnStockEvents</c>, …). Failures are settled as
    /// <see cref="AddQueueFunction"/> says.
    /// </summary>
    public static IHostApplicationBuilder AddEventQueueFunction(
        this IHostApplicationBuilder builder, Func<EventQueueFunction, IServiceProvider, EventQueueFunction> route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return builder.AddQueueFunction(provider => route(new EventQueueFunction(provider.GetRequiredService<ILogger<EventQueueFunction>>()), provider));
    }

    /// <summary>
    /// A queue's batch processor as the function's <see cref="ISqsFunction"/> (<see cref="SqsEventQueueFunction"/>):
    /// what fails for good goes to the DLQ at <c>Inbound:DeadLetterQueueUrl</c> with its reason, on
    /// receive <c>Inbound:MaxReceiveCount</c> at the latest; what failed then only because a store
    /// was unreachable goes back to <c>Inbound:QueueUrl</c> as a fresh message.
    /// </summary>
    public static IHostApplicationBuilder AddQueueFunction(this IHostApplicationBuilder builder, Func<IServiceProvider, IQueueBatchProcessor> processor)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(processor);
        var deadLetterQueueUrl = Required(builder.Configuration, CloudSettings.InboundDeadLetterQueueUrl, "give the URL of the queue's DLQ");
        var inboundQueueUrl = Required(builder.Configuration, CloudSettings.InboundQueueUrl, "give the URL of the queue the function is fed by");
        var receives = Required(builder.Configuration, CloudSettings.InboundMaxReceiveCount, "give the queue's maxReceiveCount");
        var maxReceiveCount = int.TryParse(receives, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 1000
            ? count
            : throw new InvalidOperationException(
                $"The setting {CloudSettings.InboundMaxReceiveCount} (environment variable {CloudSettings.EnvironmentVariable(CloudSettings.InboundMaxReceiveCount)}) is '{receives}': it must be a whole number from 1 to 1000.");
        builder.AddAmazonSqs();
        builder.Services.TryAddSingleton<IDeadLetterQueue>(provider => new SqsDeadLetterQueue(provider.GetRequiredService<IAmazonSQS>(), deadLetterQueueUrl));
        builder.Services.AddSingleton<ISqsFunction>(provider => new SqsEventQueueFunction(
            processor(provider),
            provider.GetRequiredService<IDeadLetterQueue>(),
            new SqsDeadLetterQueue(provider.GetRequiredService<IAmazonSQS>(), inboundQueueUrl),
            maxReceiveCount,
            provider.GetRequiredService<ILogger<SqsEventQueueFunction>>()));
        return builder;
    }

    /// <summary>An <see cref="IAmazonSQS"/> for the function's region.</summary>
    public static IHostApplicationBuilder AddAmazonSqs(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var region = Region(builder.Configuration);
        builder.Services.TryAddSingleton<IAmazonSQS>(_ => new AmazonSQSClient(new AmazonSQSConfig { RegionEndpoint = region }));
        return builder;
    }

    /// <summary>A setting the function cannot run without; the message names it, its environment variable and <paramref name="what"/> to do.</summary>
    public static string Required(IConfiguration configuration, string setting, string what)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[setting];
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException($"The setting {setting} (environment variable {CloudSettings.EnvironmentVariable(setting)}) is not set: {what}.")
            : value;
    }

    private static OutboxRelayOptions RelayOptions(IConfiguration configuration)
    {
        var busName = configuration[CloudSettings.EventBusName];
        if (string.IsNullOrWhiteSpace(busName))
        {
            throw new InvalidOperationException(
                $"The setting {CloudSettings.EventBusName} (environment variable {CloudSettings.EnvironmentVariable(CloudSettings.EventBusName)}) is not set: name the bus the relay puts events on.");
        }

        return new OutboxRelayOptions(busName);
    }
}
