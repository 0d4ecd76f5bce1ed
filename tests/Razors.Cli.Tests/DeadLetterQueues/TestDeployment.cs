using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Razors.Topology;

namespace Razors.Cli.Tests.DeadLetterQueues;

/// <summary>
/// A small topology with one dead-letter queue of each kind, under names of this test's own, created
/// in fauxqs the way the CDK stacks create the real ones: an inbound queue whose redrive policy
/// names its DLQ after one receive, a rule target's DLQ, a stream mapping's on-failure DLQ, and one
/// declared DLQ that is not deployed.
/// </summary>
internal sealed class TestDeployment
{
    private TestDeployment(TopologyDefinition topology, Dictionary<string, string> urls, string suffix)
    {
        Catalog = new DeadLetterQueueCatalog(topology);
        Urls = urls;
        Inbound = $"t-inbound-{suffix}";
        InboundDlq = $"t-inbound-dlq-{suffix}";
        EventsDlq = $"t-events-dlq-{suffix}";
        RelayDlq = $"t-relay-dlq-{suffix}";
        MissingDlq = $"t-missing-dlq-{suffix}";
    }

    public DeadLetterQueueCatalog Catalog { get; }

    public IReadOnlyDictionary<string, string> Urls { get; }

    public string Inbound { get; }

    public string InboundDlq { get; }

    public string EventsDlq { get; }

    public string RelayDlq { get; }

    public string MissingDlq { get; }

    public static async Task<TestDeployment> CreateAsync(IAmazonSQS sqs, CancellationToken cancellationToken)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var inboundDlq = new QueueDefinition($"t-inbound-dlq-{suffix}", "test");
        var inbound = new QueueDefinition($"t-inbound-{suffix}", "test") { Redrive = new RedrivePolicy(inboundDlq.Name, MaxReceiveCount: 1) };
        var eventsDlq = new QueueDefinition($"t-events-dlq-{suffix}", "test");
        var relayDlq = new QueueDefinition($"t-relay-dlq-{suffix}", "test");
        var missingDlq = new QueueDefinition($"t-missing-dlq-{suffix}", "test");
        var topology = new TopologyDefinition(
            Buses: [new BusDefinition("t-bus", "test")],
            Queues: [inboundDlq, inbound, eventsDlq, relayDlq, missingDlq],
            Rules: [new RuleDefinition("t-bus", "t-rule", """{"source":["t"]}""", [new QueueTarget("inbound", inbound.Name, RetryPolicy.Default, eventsDlq.Name)])],
            Tables: [],
            Functions: [],
            StreamMappings: [new StreamMappingDefinition("t-relay", "t-table", relayDlq.Name), new StreamMappingDefinition("t-other-relay", "t-other-table", missingDlq.Name)],
            QueueMappings: []);

        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { inboundDlq.Name, eventsDlq.Name, relayDlq.Name })
        {
            urls[name] = (await sqs.CreateQueueAsync(name, cancellationToken)).QueueUrl;
        }

        var dlqArn = (await sqs.GetQueueAttributesAsync(urls[inboundDlq.Name], [QueueAttributeName.QueueArn], cancellationToken)).QueueARN;
        urls[inbound.Name] = (await sqs.CreateQueueAsync(
            new CreateQueueRequest
            {
                QueueName = inbound.Name,
                Attributes = new Dictionary<string, string>
                {
                    [QueueAttributeName.RedrivePolicy] = string.Create(
                        CultureInfo.InvariantCulture, $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"{{inbound.Redrive!.MaxReceiveCount}}"}"""),
                },
            },
            cancellationToken)).QueueUrl;
        return new TestDeployment(topology, urls, suffix);
    }

    public AwsDeadLetterQueues Cli(IAmazonSQS sqs, TextWriter output, TextWriter error) => new(sqs, Catalog, output, error);

    /// <summary>Sends <paramref name="body"/> to the inbound queue and lets SQS dead-letter it: one receive is the policy's maximum.</summary>
    public async Task DeadLetterThroughRedriveAsync(IAmazonSQS sqs, string body, CancellationToken cancellationToken)
    {
        var url = Urls[Inbound];
        await sqs.SendMessageAsync(url, body, cancellationToken);
        var first = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 0 }, cancellationToken);
        Assert.Single(first.Messages ?? []);
        // The second receive finds the count spent: SQS moves the message to the DLQ instead of returning it.
        var second = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }, cancellationToken);
        Assert.Empty(second.Messages ?? []);
    }

    public async Task<(int Visible, int InFlight)> CountsAsync(IAmazonSQS sqs, string queue, CancellationToken cancellationToken)
    {
        var attributes = await sqs.GetQueueAttributesAsync(
            Urls[queue], [QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible], cancellationToken);
        return (attributes.ApproximateNumberOfMessages, attributes.ApproximateNumberOfMessagesNotVisible);
    }
}
