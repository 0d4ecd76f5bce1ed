using Amazon;
using Amazon.SQS;
using Razors.Aws.Sqs;
using Razors.Messaging;
using Razors.Messaging.Outbox;
using Razors.Payments.Mongo;
using Razors.ServiceDefaults;
using Razors.Topology;

namespace Razors.Payments.Worker;

public static class PaymentsWorkerHost
{
    /// <summary>Every setting the worker reads; <c>Payments:DocumentDb:CaBundleFile</c> is optional.</summary>
    public static readonly IReadOnlyList<string> RequiredSettings =
    [
        CloudSettings.PaymentsOutboxQueueUrl,
        CloudSettings.PaymentsOutboxDeadLetterQueueUrl,
        CloudSettings.PaymentsDatabaseSecretArn,
        CloudSettings.PaymentsDatabaseName,
        PaymentsDocumentDbServices.RegionSetting,
    ];

    /// <summary>
    /// The outbox change-stream worker in AWS: the payments store on DocumentDB, the outbox FIFO
    /// queue and its DLQ on SQS, JSON logs on the console (ECS sends them to CloudWatch Logs). Fails here,
    /// naming them, when settings are missing.
    /// </summary>
    public static IHostApplicationBuilder AddPaymentsOutboxWorkerHost(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var missing = RequiredSettings.Where(setting => string.IsNullOrWhiteSpace(builder.Configuration[setting])).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The payments outbox worker needs the setting(s) {string.Join(", ", missing)} "
                + $"(environment variables {string.Join(", ", missing.Select(CloudSettings.EnvironmentVariable))}).");
        }

        builder.AddRazorsDefaults("razors-payments-worker");

        // Under ECS's 30 s between SIGTERM and SIGKILL, so the host ends on its own terms.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(20));

        var region = RegionEndpoint.GetBySystemName(builder.Configuration[PaymentsDocumentDbServices.RegionSetting]);
        var queueUrl = builder.Configuration[CloudSettings.PaymentsOutboxQueueUrl]!;
        var deadLetterQueueUrl = builder.Configuration[CloudSettings.PaymentsOutboxDeadLetterQueueUrl]!;
        builder.AddPayments().AddPaymentsDocumentDb();
        builder.Services.AddSingleton<IAmazonSQS>(_ => new AmazonSQSClient(region));
        builder.Services.AddSingleton<IOutboxQueue>(services => new SqsOutboxQueue(services.GetRequiredService<IAmazonSQS>(), queueUrl));
        builder.Services.AddSingleton<IDeadLetterQueue>(services => new SqsDeadLetterQueue(services.GetRequiredService<IAmazonSQS>(), deadLetterQueueUrl));
        builder.Services.AddPaymentsOutboxWorker();
        builder.Services.AddHostedService<OutboxWorkerService>();
        return builder;
    }
}
