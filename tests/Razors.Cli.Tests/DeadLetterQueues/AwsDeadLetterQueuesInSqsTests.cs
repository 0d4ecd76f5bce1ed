using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.SQS.Model;
using Razors.Testing;

namespace Razors.Cli.Tests.DeadLetterQueues;

// `razors dlq list|show --aws` against a real SQS-compatible endpoint (fauxqs).

public sealed class when_the_dead_letter_queues_of_an_sqs_account_are_listed(FauxqsFixture sqs) : IAsyncLifetime
{
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();
    private TestDeployment deployment = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => deployment = await TestDeployment.CreateAsync(sqs.Client, Token);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task each_dlq_shows_its_visible_and_in_flight_counts_and_what_it_serves()
    {
        await deployment.DeadLetterThroughRedriveAsync(sqs.Client, "one", Token);
        await deployment.DeadLetterThroughRedriveAsync(sqs.Client, "two", Token);
        await sqs.Client.SendMessageAsync(deployment.Urls[deployment.EventsDlq], "{}", Token);
        await sqs.Client.SendMessageAsync(deployment.Urls[deployment.EventsDlq], "{}", Token);
        await sqs.Client.SendMessageAsync(deployment.Urls[deployment.EventsDlq], "{}", Token);
        // One of the three is being looked at by someone else.
        await sqs.Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = deployment.Urls[deployment.EventsDlq], VisibilityTimeout = 60 }, Token);

        var exitCode = await deployment.Cli(sqs.Client, output, error).ListAsync(Token);

        Assert.Equal(0, exitCode);
        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Matches($@"^{deployment.InboundDlq} +2 +0  redrive of {deployment.Inbound} \(after 1 receives\)$", Line(lines, deployment.InboundDlq));
        Assert.Matches($@"^{deployment.EventsDlq} +2 +1  EventBridge targets of 1 rule\(s\) on t-bus → {deployment.Inbound}$", Line(lines, deployment.EventsDlq));
        Assert.Matches($@"^{deployment.RelayDlq} +0 +0  on-failure of t-relay \(stream of table t-table\)$", Line(lines, deployment.RelayDlq));
        Assert.Matches($@"^{deployment.MissingDlq} +- +-  .*\[not deployed here\]$", Line(lines, deployment.MissingDlq));
        Assert.Contains("1 of 4 queue(s) do not exist", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }

    private static string Line(string[] lines, string queue) => Assert.Single(lines, l => l.StartsWith(queue + " ", StringComparison.Ordinal));
}

public sealed class when_dead_letter_messages_of_an_sqs_account_are_shown(FauxqsFixture sqs) : IAsyncLifetime
{
    private const string Event = """
        {"version":"0","id":"4f1c1a5e-0000-4000-8000-000000000001","detail-type":"StockAllocated","source":"razors.stock","time":"2026-11-23T14:00:00Z",
         "detail":{"metadata":{"eventId":"0193a0a0-0000-7000-8000-00000000abcd","aggregateId":"sub-42","aggregateVersion":3},"data":{}}}
        """;

    private const string OnFailureRecord = """
        {"requestContext":{"requestId":"r-1","functionArn":"arn:aws:lambda:eu-west-1:123456789012:function:razors-stock-relay","condition":"RetryAttemptsExhausted","approximateInvokeCount":11},
         "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},"version":"1.0","timestamp":"2026-11-23T14:00:05.000Z",
         "DDBStreamBatchInfo":{"shardId":"shardId-00000001","startSequenceNumber":"000000000000000000100","endSequenceNumber":"000000000000000000104",
          "approximateArrivalOfFirstRecord":"2026-11-23T13:59:00.000Z","approximateArrivalOfLastRecord":"2026-11-23T13:59:01.000Z","batchSize":5,
          "streamArn":"arn:aws:dynamodb:eu-west-1:123456789012:table/razors-stock/stream/2026-11-23T00:00:00.000"}}
        """;

    private readonly StringWriter output = new();
    private readonly StringWriter error = new();
    private TestDeployment deployment = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => deployment = await TestDeployment.CreateAsync(sqs.Client, Token);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task eventbridge_error_attributes_and_the_events_type_and_ids_are_printed()
    {
        await sqs.Client.SendMessageAsync(
            new SendMessageRequest
            {
                QueueUrl = deployment.Urls[deployment.EventsDlq],
                MessageBody = Event,
                MessageAttributes = new Dictionary<string, MessageAttributeValue>
                {
                    ["ERROR_CODE"] = Text("SQSError"),
                    ["ERROR_MESSAGE"] = Text("Access to the queue was denied"),
                    ["RULE_ARN"] = Text("arn:aws:events:eu-west-1:123456789012:rule/razors-stock/stock-allocated"),
                    ["TARGET_ARN"] = Text("arn:aws:sqs:eu-west-1:123456789012:razors-subscription-inbound"),
                    ["RETRY_ATTEMPTS"] = Text("24"),
                },
            },
            Token);

        var exitCode = await deployment.Cli(sqs.Client, output, error).ShowAsync(deployment.EventsDlq, limit: 10, Token);

        Assert.Equal(0, exitCode);
        var text = output.ToString();
        Assert.Contains("EventBridge could not deliver it:", text, StringComparison.Ordinal);
        Assert.Contains("    ERROR_CODE: SQSError", text, StringComparison.Ordinal);
        Assert.Contains("    ERROR_MESSAGE: Access to the queue was denied", text, StringComparison.Ordinal);
        Assert.Contains("    RULE_ARN: arn:aws:events:eu-west-1:123456789012:rule/razors-stock/stock-allocated", text, StringComparison.Ordinal);
        Assert.Contains("    TARGET_ARN: arn:aws:sqs:eu-west-1:123456789012:razors-subscription-inbound", text, StringComparison.Ordinal);
        Assert.Contains("    RETRY_ATTEMPTS: 24", text, StringComparison.Ordinal);
        Assert.Contains(
            "  event StockAllocated from razors.stock  id 4f1c1a5e-0000-4000-8000-000000000001  eventId 0193a0a0-0000-7000-8000-00000000abcd  aggregate sub-42 v3",
            text, StringComparison.Ordinal);
        Assert.Contains($"1 message(s) shown from {deployment.EventsDlq}; none deleted.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_stream_on_failure_record_prints_its_condition_shard_and_sequence_range()
    {
        await sqs.Client.SendMessageAsync(deployment.Urls[deployment.RelayDlq], OnFailureRecord, Token);

        var exitCode = await deployment.Cli(sqs.Client, output, error).ShowAsync(deployment.RelayDlq, limit: 10, Token);

        Assert.Equal(0, exitCode);
        var text = output.ToString();
        Assert.Contains("  Lambda gave up on a stream batch: RetryAttemptsExhausted after 11 invocation(s), function error Unhandled", text, StringComparison.Ordinal);
        Assert.Contains("    shard:    shardId-00000001, sequence 000000000000000000100 to 000000000000000000104 (5 record(s))", text, StringComparison.Ordinal);
        Assert.Contains("    stream:   arn:aws:dynamodb:eu-west-1:123456789012:table/razors-stock/stream/2026-11-23T00:00:00.000", text, StringComparison.Ordinal);
        Assert.Contains("    function: arn:aws:lambda:eu-west-1:123456789012:function:razors-stock-relay", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_message_dead_lettered_by_its_queue_prints_its_receive_count_and_event()
    {
        await deployment.DeadLetterThroughRedriveAsync(sqs.Client, Event, Token);

        var exitCode = await deployment.Cli(sqs.Client, output, error).ShowAsync(deployment.InboundDlq, limit: 10, Token);

        Assert.Equal(0, exitCode);
        var text = output.ToString();
        // The source queue's receives carry over and this look adds one: more than the policy's maximum of 1.
        var receives = Regex.Match(text, @"(?m)^message \S+  sent \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  receives (\d+)$");
        Assert.True(receives.Success, text);
        Assert.InRange(int.Parse(receives.Groups[1].Value, CultureInfo.InvariantCulture), 2, 3);
        Assert.Contains("  event StockAllocated from razors.stock", text, StringComparison.Ordinal);
        Assert.Contains($"  body: {Event}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_shown_messages_stay_in_the_queue_and_are_visible_again()
    {
        await deployment.DeadLetterThroughRedriveAsync(sqs.Client, "first", Token);
        await deployment.DeadLetterThroughRedriveAsync(sqs.Client, "second", Token);

        await deployment.Cli(sqs.Client, output, error).ShowAsync(deployment.InboundDlq, limit: 10, Token);
        var again = new StringWriter();
        await deployment.Cli(sqs.Client, again, error).ShowAsync(deployment.InboundDlq, limit: 10, Token);

        Assert.Equal((2, 0), await deployment.CountsAsync(sqs.Client, deployment.InboundDlq, Token));
        Assert.Contains("2 message(s) shown", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("2 message(s) shown", again.ToString(), StringComparison.Ordinal);
        Assert.Contains("  body: first", again.ToString(), StringComparison.Ordinal);
        Assert.Contains("  body: second", again.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task limit_caps_how_many_are_shown()
    {
        for (var i = 0; i < 3; i++)
        {
            await sqs.Client.SendMessageAsync(deployment.Urls[deployment.EventsDlq], $"m{i}", Token);
        }

        await deployment.Cli(sqs.Client, output, error).ShowAsync(deployment.EventsDlq, limit: 2, Token);

        Assert.Equal(2, output.ToString().Split(Environment.NewLine).Count(l => l.StartsWith("message ", StringComparison.Ordinal)));
        Assert.Equal((3, 0), await deployment.CountsAsync(sqs.Client, deployment.EventsDlq, Token));
    }

    [Fact]
    public async Task an_unknown_queue_fails_naming_it_and_the_dead_letter_queues_there_are()
    {
        var exitCode = await deployment.Cli(sqs.Client, output, error).ShowAsync("razors-nope-dlq", limit: 10, Token);

        Assert.Equal(1, exitCode);
        Assert.Contains("'razors-nope-dlq' is not a dead-letter queue of Razors; use one of: ", error.ToString(), StringComparison.Ordinal);
        Assert.All([deployment.InboundDlq, deployment.EventsDlq, deployment.RelayDlq, deployment.MissingDlq], name => Assert.Contains(name, error.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(deployment.Inbound + ",", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_dead_letter_queue_that_is_not_deployed_fails_naming_it()
    {
        var exitCode = await deployment.Cli(sqs.Client, output, error).ShowAsync(deployment.MissingDlq, limit: 10, Token);

        Assert.Equal(1, exitCode);
        Assert.Contains($"{deployment.MissingDlq} does not exist in this account and region", error.ToString(), StringComparison.Ordinal);
    }

    private static MessageAttributeValue Text(string value) => new() { DataType = "String", StringValue = value };
}
