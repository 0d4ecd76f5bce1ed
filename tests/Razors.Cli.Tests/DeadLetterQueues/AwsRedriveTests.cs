using System.Net;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Cli.Tests.DeadLetterQueues;

// `razors dlq redrive --aws` on the wire (fauxqs has no message move tasks): a real HTTP listener
// answers SQS's AWS JSON protocol as AWS documents it.

public sealed class when_a_dead_letter_queue_is_redriven_in_aws : IDisposable
{
    private const string DeadLetterQueue = "razors-stock-inbound-dlq";
    private const string DeadLetterQueueArn = "arn:aws:sqs:eu-west-1:123456789012:razors-stock-inbound-dlq";

    private readonly StubHttpServer server = new();
    private readonly AmazonSQSClient sqs;
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    public when_a_dead_letter_queue_is_redriven_in_aws() => sqs = FauxqsFixture.CreateClient(server.Url);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_move_task_starts_on_the_dlqs_arn_toward_its_source_queue_and_progress_is_printed_until_it_completes()
    {
        AnswerQueueLookups();
        Answer("""{"TaskHandle":"task-1"}""");
        Answer(Task("RUNNING", moved: 0, toMove: 3, handle: "task-1"));
        Answer(Task("RUNNING", moved: 0, toMove: 3, handle: "task-1"));
        Answer(Task("RUNNING", moved: 2, toMove: 3, handle: "task-1"));
        Answer(Task("COMPLETED", moved: 3, toMove: 3));

        var exitCode = await Cli().RedriveAsync(DeadLetterQueue, wait: true, Token);

        Assert.Equal(0, exitCode);
        var requests = server.Requests.ToArray();
        Assert.Equal(
            ["GetQueueUrl", "GetQueueAttributes", "ListMessageMoveTasks", "StartMessageMoveTask", "ListMessageMoveTasks", "ListMessageMoveTasks", "ListMessageMoveTasks", "ListMessageMoveTasks"],
            requests.Select(r => r.Headers["X-Amz-Target"]["AmazonSQS.".Length..]));
        using (var start = JsonDocument.Parse(requests[3].Body))
        {
            Assert.Equal(["DestinationArn", "SourceArn"], start.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal(DeadLetterQueueArn, start.RootElement.GetProperty("SourceArn").GetString());
            Assert.Equal("arn:aws:sqs:eu-west-1:123456789012:razors-stock-inbound", start.RootElement.GetProperty("DestinationArn").GetString());
        }

        using (var list = JsonDocument.Parse(requests[4].Body))
        {
            Assert.Equal(DeadLetterQueueArn, list.RootElement.GetProperty("SourceArn").GetString());
        }

        Assert.Equal(
            [
                "Moving the messages of razors-stock-inbound-dlq back to razors-stock-inbound (task task-1).",
                "RUNNING: moved 0 of ~3",
                "RUNNING: moved 2 of ~3",
                "COMPLETED: moved 3 of ~3",
                "Moved 3 message(s) from razors-stock-inbound-dlq back to razors-stock-inbound.",
                "",
            ],
            output.ToString().Split(Environment.NewLine));
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task an_earlier_finished_task_is_not_taken_for_this_one()
    {
        var earlier = Task("COMPLETED", moved: 7, toMove: 7, startedAt: 1_795_400_000_000);
        AnswerQueueLookups(earlier);
        Answer("""{"TaskHandle":"task-5"}""");
        // The new task is not listed yet: only the earlier one is.
        Answer(earlier);
        Answer(Task("COMPLETED", moved: 2, toMove: 2, startedAt: 1_795_437_600_000));

        var exitCode = await Cli().RedriveAsync(DeadLetterQueue, wait: true, Token);

        Assert.Equal(0, exitCode);
        Assert.Equal(
            [
                "Moving the messages of razors-stock-inbound-dlq back to razors-stock-inbound (task task-5).",
                "COMPLETED: moved 2 of ~2",
                "Moved 2 message(s) from razors-stock-inbound-dlq back to razors-stock-inbound.",
                "",
            ],
            output.ToString().Split(Environment.NewLine));
    }

    [Fact]
    public async Task a_failed_task_reports_its_failure_reason_and_exits_non_zero()
    {
        AnswerQueueLookups();
        Answer("""{"TaskHandle":"task-2"}""");
        Answer(Task("FAILED", moved: 1, toMove: 4, failureReason: "AWS.SimpleQueueService.UnsupportedOperation: the destination queue was deleted"));

        var exitCode = await Cli().RedriveAsync(DeadLetterQueue, wait: true, Token);

        Assert.Equal(1, exitCode);
        Assert.Contains("FAILED: moved 1 of ~4", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(
            "razors: moving messages out of razors-stock-inbound-dlq failed after 1 message(s): AWS.SimpleQueueService.UnsupportedOperation: the destination queue was deleted." + Environment.NewLine,
            error.ToString());
    }

    [Fact]
    public async Task a_task_sqs_never_lists_is_reported_instead_of_waited_on_forever()
    {
        AnswerQueueLookups();
        Answer("""{"TaskHandle":"task-4"}""");
        server.ResponseBody = """{"Results":[]}""";

        var exitCode = await Cli().RedriveAsync(DeadLetterQueue, wait: true, Token);

        Assert.Equal(1, exitCode);
        Assert.Contains($"SQS lists no move task for {DeadLetterQueue} after 30 polls", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(4 + 30, server.Requests.Count);
    }

    [Fact]
    public async Task without_waiting_it_returns_once_the_task_has_started()
    {
        AnswerQueueLookups();
        Answer("""{"TaskHandle":"task-3"}""");

        var exitCode = await Cli().RedriveAsync(DeadLetterQueue, wait: false, Token);

        Assert.Equal(0, exitCode);
        Assert.Equal(4, server.Requests.Count);
        Assert.Contains("(task task-3)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_task_sqs_refuses_to_start_surfaces_sqs_own_error()
    {
        AnswerQueueLookups();
        server.NextResponses.Enqueue((HttpStatusCode.BadRequest,
            """{"__type":"com.amazonaws.sqs#UnsupportedOperation","message":"There is already a task running. Only one active task is allowed for each source queue arn at a given time."}"""));

        var refused = await Assert.ThrowsAsync<UnsupportedOperationException>(() => Cli().RedriveAsync(DeadLetterQueue, wait: true, Token));

        Assert.Contains("already a task running", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("razors-payments-events-dlq", "EventBridge's dead-letter queue for rule targets")]
    [InlineData("razors-subscription-relay-dlq", "Lambda's on-failure records for razors-subscription-outbox-relay")]
    public async Task a_dlq_that_no_queue_redrives_into_is_explained_and_nothing_is_moved(string queue, string explanation)
    {
        var exitCode = await Cli().RedriveAsync(queue, wait: true, Token);

        Assert.Equal(1, exitCode);
        Assert.Contains(explanation, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task an_unknown_queue_fails_naming_it_and_the_dead_letter_queues_there_are()
    {
        var exitCode = await Cli().RedriveAsync("razors-stock-inbound", wait: true, Token);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("razors: 'razors-stock-inbound' is not a dead-letter queue of Razors; use one of: razors-customers-events-dlq, razors-customers-import-rows-dlq, ", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    public void Dispose()
    {
        sqs.Dispose();
        server.Dispose();
    }

    private AwsDeadLetterQueues Cli() =>
        new(sqs, new DeadLetterQueueCatalog(RazorsTopology.Build()), output, error) { PollInterval = TimeSpan.FromMilliseconds(10) };

    private void AnswerQueueLookups(string earlierTasks = """{"Results":[]}""")
    {
        Answer("""{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/123456789012/razors-stock-inbound-dlq"}""");
        Answer($$$"""{"Attributes":{"QueueArn":"{{{DeadLetterQueueArn}}}"}}""");
        Answer(earlierTasks);
    }

    private void Answer(string body) => server.NextResponses.Enqueue((HttpStatusCode.OK, body));

    private static string Task(string status, long moved, long toMove, string? handle = null, string? failureReason = null, long startedAt = 1_795_437_600_000) => JsonSerializer.Serialize(new
    {
        Results = new[]
        {
            new Dictionary<string, object?>
            {
                ["TaskHandle"] = handle,
                ["Status"] = status,
                ["SourceArn"] = DeadLetterQueueArn,
                ["ApproximateNumberOfMessagesMoved"] = moved,
                ["ApproximateNumberOfMessagesToMove"] = toMove,
                ["FailureReason"] = failureReason,
                ["StartedTimestamp"] = startedAt,
            }.Where(p => p.Value is not null).ToDictionary(),
        },
    });
}
