using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Razors.Aws.Sqs;
using Razors.Messaging.Outbox;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Aws.Tests.Sqs;

/// <summary>The payments outbox queue adapter against a real SQS-compatible endpoint (fauxqs).</summary>
public sealed class when_the_outbox_worker_sends_records_to_the_fifo_queue(FauxqsFixture sqs)
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 11, 23, 14, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_message_carries_the_aggregate_as_group_the_event_id_as_dedup_id_and_the_bus_entry_as_body()
    {
        var queueUrl = await OutboxQueueAsync();
        var record = Record("payment-1", 1);

        await new SqsOutboxQueue(sqs.Client, queueUrl).SendAsync(FifoOutboxMessage.From(record), Token);

        var message = Assert.Single(await ReceiveAsync(queueUrl));
        Assert.Equal("payment-1", message.Attributes[MessageSystemAttributeName.MessageGroupId]);
        Assert.Equal(record.EventId.ToString("D", CultureInfo.InvariantCulture), message.Attributes[MessageSystemAttributeName.MessageDeduplicationId]);
        var (source, detailType, detail) = FifoOutboxMessage.ReadBody(message.Body);
        Assert.Equal((record.Source, record.DetailType, record.Detail), (source, detailType, detail));
    }

    [Fact]
    public async Task a_second_send_of_the_same_event_within_the_window_is_delivered_once()
    {
        var queueUrl = await OutboxQueueAsync();
        var outbox = new SqsOutboxQueue(sqs.Client, queueUrl);
        var message = FifoOutboxMessage.From(Record("payment-2", 1));

        await outbox.SendAsync(message, Token);
        await outbox.SendAsync(message, Token);

        var received = Assert.Single(await ReceiveAsync(queueUrl));
        await sqs.Client.DeleteMessageAsync(queueUrl, received.ReceiptHandle, Token);
        Assert.Empty(await ReceiveAsync(queueUrl));
        Assert.Equal(0, await VisibleCountAsync(queueUrl));
    }

    [Fact]
    public async Task each_aggregates_events_arrive_in_the_order_sent_while_aggregates_interleave()
    {
        var queueUrl = await OutboxQueueAsync();
        var outbox = new SqsOutboxQueue(sqs.Client, queueUrl);
        string[] aggregates = ["payment-a", "payment-b", "payment-c"];
        const int perAggregate = 4;
        for (var version = 1; version <= perAggregate; version++)
        {
            foreach (var aggregate in aggregates)
            {
                await outbox.SendAsync(FifoOutboxMessage.From(Record(aggregate, version)), Token);
            }
        }

        var arrived = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var receives = 0; arrived.Values.Sum(v => v.Count) < aggregates.Length * perAggregate; receives++)
        {
            Assert.True(receives < 100, "the queue stopped handing out messages before all arrived");
            foreach (var message in await ReceiveAsync(queueUrl))
            {
                var group = message.Attributes[MessageSystemAttributeName.MessageGroupId];
                var (_, detailType, _) = FifoOutboxMessage.ReadBody(message.Body);
                var versions = arrived.TryGetValue(group, out var list) ? list : arrived[group] = [];
                versions.Add(int.Parse(detailType["PaymentEvent".Length..], CultureInfo.InvariantCulture));
                await sqs.Client.DeleteMessageAsync(queueUrl, message.ReceiptHandle, Token);
            }
        }

        Assert.Equal(aggregates, arrived.Keys.Order(StringComparer.Ordinal));
        Assert.All(arrived.Values, versions => Assert.Equal(Enumerable.Range(1, perAggregate), versions));
    }

    [Fact]
    public async Task a_queue_that_does_not_exist_fails_naming_the_url_and_the_setting()
    {
        var (existing, _) = await sqs.CreateQueueAsync("razors-payments-outbox.fifo", null, Token);
        var missing = existing.Replace("razors-payments-outbox-", "razors-payments-missing-", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new SqsOutboxQueue(sqs.Client, missing).SendAsync(FifoOutboxMessage.From(Record("payment-3", 1)), Token));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains(CloudSettings.PaymentsOutboxQueueUrl, error.Message, StringComparison.Ordinal);
        Assert.IsType<QueueDoesNotExistException>(error.InnerException);
    }

    private async Task<string> OutboxQueueAsync()
    {
        // The topology's outbox queue settings, under a name of this test's own.
        var definition = PaymentsTopology.Outbox;
        var (url, _) = await sqs.CreateQueueAsync(definition.Name, new Dictionary<string, string>
        {
            [QueueAttributeName.VisibilityTimeout] = definition.VisibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            [QueueAttributeName.ContentBasedDeduplication] = definition.ContentBasedDeduplication ? "true" : "false",
        }, Token);
        return url;
    }

    private async Task<List<Message>> ReceiveAsync(string queueUrl)
    {
        var response = await sqs.Client.ReceiveMessageAsync(
            new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, MessageSystemAttributeNames = ["All"] },
            Token);
        return response.Messages ?? [];
    }

    private async Task<int> VisibleCountAsync(string queueUrl)
    {
        var attributes = await sqs.Client.GetQueueAttributesAsync(queueUrl, [QueueAttributeName.ApproximateNumberOfMessages], Token);
        return attributes.ApproximateNumberOfMessages;
    }

    private static OutboxRecord Record(string paymentId, int version) => new(
        Guid.CreateVersion7(),
        "razors.payments",
        $"PaymentEvent{version}",
        $$$"""{"metadata":{"aggregateId":"{{{paymentId}}}","aggregateVersion":{{{version}}}},"data":{"paymentId":"{{{paymentId}}}"}}""",
        paymentId,
        OccurredAt);
}
