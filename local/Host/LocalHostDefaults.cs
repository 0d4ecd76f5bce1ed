using System.Diagnostics.Metrics;
using Amazon.DynamoDBv2;
using Razors.LocalCloud;
using Razors.LocalCloud.Queues;
using Razors.Customers;
using Razors.Insights;
using Razors.Messaging;
using Razors.Payments;
using Razors.Payments.Ports;
using Razors.ServiceDefaults;
using Razors.Stock;
using Razors.Subscription;
using Razors.Topology;
using Scalar.AspNetCore;

namespace Razors.LocalHost;

/// <summary>
/// The Razors defaults as the local host uses them: one process serving four services, so four
/// OpenAPI documents, an API reference page, readiness over DynamoDB Local and the embedded payments
/// store, and the DLQ depth of the local queues as a gauge.
/// </summary>
internal static class LocalHostDefaults
{
    public const string ServiceName = "razors-local";
    public const string ApiReferencePath = "/scalar";

    private static readonly string[] ApiDocuments = [SubscriptionApi.ApiName, StockApi.ApiName, PaymentsApi.ApiName, CustomersApi.ApiName, InsightsApi.ApiName];

    public static WebApplicationBuilder AddLocalHostDefaults(this WebApplicationBuilder builder)
    {
        // A developer reads these lines in a terminal, so one human line each; the functions'
        // JSON lines are what Lambda and ECS write (LambdaFunctionHost, PaymentsWorkerHost).
        builder.AddRazorsDefaults(ServiceName, RazorsConsoleFormat.SingleLine);
        foreach (var document in ApiDocuments)
        {
            builder.AddRazorsApiDocument(document);
        }

        builder.Services.AddReadinessProbe("dynamodb-local", async (services, ct) =>
        {
            var dynamoDb = services.GetRequiredService<IAmazonDynamoDB>();
            await dynamoDb.DescribeTableAsync(SubscriptionTopology.Table.Name, ct);
            await dynamoDb.DescribeTableAsync(StockTopology.Table.Name, ct);
            await dynamoDb.DescribeTableAsync(CustomersTopology.Table.Name, ct);
            await dynamoDb.DescribeTableAsync(CustomersTopology.RegionTable.Name, ct);
            await dynamoDb.DescribeTableAsync(InsightsTopology.Table.Name, ct);
        });
        // Any read goes through the store's database: an id nobody has is the cheapest one.
        builder.Services.AddReadinessProbe(
            "payments-store", (services, ct) => services.GetRequiredService<IPaymentStore>().GetAsync(Guid.Empty, ct));
        builder.Services.AddSingleton<LocalQueueMetrics>();
        return builder;
    }

    public static WebApplication MapLocalHostDefaults(this WebApplication app)
    {
        app.MapRazorsDefaults();
        app.MapScalarApiReference(ApiReferencePath, options => options.AddDocuments(ApiDocuments));
        _ = app.Services.GetRequiredService<LocalQueueMetrics>();
        return app;
    }

    /// <summary>
    /// <c>razors.dlq.depth</c>, the messages in each dead-letter queue of the local cloud. Its own
    /// meter (named as Razors' one, so the same subscription exports it) is disposed with the host,
    /// so a test process that starts many hosts never reads a stopped one.
    /// </summary>
    internal sealed class LocalQueueMetrics : IDisposable
    {
        private readonly Meter meter = new(RazorsTelemetry.Name);

        public LocalQueueMetrics(LocalCloudRuntime cloud) =>
            meter.CreateObservableGauge(
                "razors.dlq.depth",
                () => cloud.DeadLetterQueues.Select(queue => new Measurement<int>(Depth(cloud.Queues, queue), new KeyValuePair<string, object?>("queue", queue))),
                "{message}",
                "Messages in a dead-letter queue: each is an event that was not handled.");

        public void Dispose() => meter.Dispose();

        private static int Depth(SqliteQueueService queues, string queue)
        {
            try
            {
                return queues.GetStats(queue).Total;
            }
            catch (QueueException)
            {
                // Gone between listing and counting (a test's topology); nothing to report.
                return 0;
            }
        }
    }
}
