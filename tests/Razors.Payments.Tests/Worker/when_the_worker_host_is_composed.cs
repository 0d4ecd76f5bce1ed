using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Razors.Aws.SecretsManager;
using Razors.Aws.Sqs;
using Razors.Messaging;
using Razors.Messaging.Outbox;
using Razors.Payments.Mongo;
using Razors.Payments.Ports;
using Razors.Payments.Tests.Mongo;
using Razors.Payments.Worker;
using Razors.Testing;

namespace Razors.Payments.Tests.Worker;

public sealed class when_the_worker_host_is_composed : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("razors-worker-");
    private readonly StubHttpServer secretsManager = new();
    private readonly HttpClient http = new();

    [Fact]
    public void missing_settings_fail_at_start_up_naming_each_and_its_environment_variable()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Payments:DocumentDb:Database"] = "payments" });

        var error = Assert.Throws<InvalidOperationException>(builder.AddPaymentsOutboxWorkerHost);

        Assert.Contains("Payments:OutboxQueueUrl, Payments:OutboxDeadLetterQueueUrl, Payments:DocumentDb:SecretArn, AWS_REGION", error.Message, StringComparison.Ordinal);
        Assert.Contains("Payments__OutboxQueueUrl, Payments__OutboxDeadLetterQueueUrl", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Payments:DocumentDb:Database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void with_its_settings_it_relays_the_documentdb_outbox_to_the_sqs_queue_and_logs_json()
    {
        secretsManager.ResponseBody = """
            {"ARN":"arn","Name":"n","SecretString":"{\"username\":\"razors\",\"password\":\"p\",\"host\":\"razors.cluster-abc.docdb.test\",\"port\":27017}"}
            """;
        using var root = TestCertificates.Authority("Test RDS Root");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Payments:OutboxQueueUrl"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/razors-payments-outbox.fifo",
            ["Payments:OutboxDeadLetterQueueUrl"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/razors-payments-outbox-dlq.fifo",
            ["Payments:DocumentDb:SecretArn"] = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:razors-payments-docdb",
            ["Payments:DocumentDb:Database"] = "payments",
            ["Payments:DocumentDb:CaBundleFile"] = TestCertificates.WriteBundle(directory.FullName, root),
            ["AWS_REGION"] = "eu-west-1",
        });
        builder.Services.AddSingleton<IAmazonSecretsManager>(new AmazonSecretsManagerClient(http, secretsManager.Url));

        builder.AddPaymentsOutboxWorkerHost();
        using var host = builder.Build();

        // The worker's own service, beside what AddRazorsDefaults adds to every host (OpenTelemetry, health publishing).
        Assert.Equal(
            ["HealthCheckPublisherHostedService", nameof(OutboxWorkerService), "TelemetryHostedService"],
            host.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).Order(StringComparer.Ordinal));
        Assert.IsType<SqsOutboxQueue>(host.Services.GetRequiredService<IOutboxQueue>());
        Assert.IsType<SqsDeadLetterQueue>(host.Services.GetRequiredService<IDeadLetterQueue>());
        Assert.IsType<MongoPendingOutbox>(host.Services.GetRequiredService<IPendingOutbox>());
        Assert.Equal("eu-west-1", host.Services.GetRequiredService<IAmazonSQS>().Config.RegionEndpoint.SystemName);
        Assert.IsType<MongoOutboxChanges>(host.Services.GetRequiredService<IOutboxChanges>());
        Assert.IsType<MongoResumeTokenStore>(host.Services.GetRequiredService<IResumeTokenStore>());
        Assert.Equal("razors.cluster-abc.docdb.test", Assert.Single(host.Services.GetRequiredService<MongoPaymentsDatabase>().Client.Settings.Servers).Host);
        Assert.IsType<ConsoleLoggerProvider>(Assert.Single(host.Services.GetServices<ILoggerProvider>()));
        Assert.Equal(ConsoleFormatterNames.Json, host.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
        Assert.True(host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout < TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        http.Dispose();
        secretsManager.Dispose();
        directory.Delete(recursive: true);
    }
}
