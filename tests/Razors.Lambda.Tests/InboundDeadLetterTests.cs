using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Razors.Contracts;
using Razors.Lambda.Events;
using Razors.Messaging.Consumers;
using Razors.Testing;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests;

/// <summary>
/// What a consumer does with a message that fails (shared/Lambda/SqsEventQueueFunction.cs):
/// hands it back while retries may help, sends it to the DLQ with the reason when they cannot, and
/// puts it back on its queue as a fresh message when only an unreachable store stood in its way.
/// </summary>
public sealed class when_an_inbound_message_fails
{
    private const int MaxReceiveCount = 5;

    private readonly FailingHandler handler = new();
    private readonly RecordingDeadLetters deadLetters = new();
    private readonly RecordingDeadLetters inbound = new();
    private readonly SqsEventQueueFunction function;

    public when_an_inbound_message_fails() => function = new SqsEventQueueFunction(
        new EventQueueFunction(NullLogger<EventQueueFunction>.Instance).On(handler),
        deadLetters,
        inbound,
        MaxReceiveCount,
        NullLogger<SqsEventQueueFunction>.Instance);

    private sealed class FailingHandler : IEventHandler<SubscriptionCreated>
    {
        public Exception? Throw { get; set; }

        public List<Guid> Handled { get; } = [];

        public Task HandleAsync(EventEnvelope<SubscriptionCreated> envelope, CancellationToken cancellationToken)
        {
            if (Throw is not null)
            {
                throw Throw;
            }

            Handled.Add(envelope.Metadata.EventId);
            return Task.CompletedTask;
        }
    }

    private static string Created(string? eventType = null)
    {
        var body = JsonNode.Parse(BusEvent(Record(new SubscriptionCreated
        {
            SubscriptionId = Guid.CreateVersion7(), CustomerId = "customer-1", ProductId = "razor-classic",
            UnitsPerMonth = 1, Months = 12, MonthlyPrice = 9.99m, Currency = "GBP",
        }, "corr-1")))!;
        if (eventType is not null)
        {
            body["detail"]!["metadata"]!["eventType"] = eventType;
        }

        return body.ToJsonString();
    }

    private Task<SQSBatchResponse> DeliverAsync(string body, int receiveCount)
    {
        var batch = SqsBatch(("m1", body, null));
        batch.Records[0].Attributes["ApproximateReceiveCount"] = receiveCount.ToString(CultureInfo.InvariantCulture);
        return function.HandleAsync(batch, Ct);
    }

    [Fact]
    public async Task a_handler_failure_before_the_last_receive_is_handed_back_and_nothing_is_dead_lettered()
    {
        handler.Throw = new TimeoutException("the store did not answer");

        var response = await DeliverAsync(Created(), MaxReceiveCount - 1);

        Assert.Equal("m1", Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(deadLetters.Letters);
    }

    [Fact]
    public async Task a_handler_failure_on_the_last_receive_goes_to_the_dlq_whole_with_the_exception_and_the_receive()
    {
        handler.Throw = new InvalidOperationException("the allocation is in a state no event leads to");
        var body = Created();

        var response = await DeliverAsync(body, MaxReceiveCount);

        Assert.Empty(response.BatchItemFailures);
        var letter = Assert.Single(deadLetters.Letters);
        Assert.Equal(body, letter.Body);
        Assert.Equal("System.InvalidOperationException: the allocation is in a state no event leads to (receive 5 of 5)", letter.Reason);
        Assert.Empty(inbound.Letters);
    }

    public static TheoryData<Exception> Unreachable => new()
    {
        new HttpRequestException("Connection refused (127.0.0.1:8000)", new System.Net.Sockets.SocketException(111)),
        new TimeoutException("the store did not answer"),
        new InvalidOperationException("the write failed", new HttpRequestException("connection reset")),
    };

    [Theory]
    [MemberData(nameof(Unreachable))]
    public async Task an_unreachable_store_on_the_last_receive_puts_the_message_back_whole_as_a_fresh_one_and_never_in_the_dlq(Exception failure)
    {
        handler.Throw = failure;
        var body = Created();

        var response = await DeliverAsync(body, MaxReceiveCount);

        Assert.Empty(response.BatchItemFailures);
        Assert.Empty(deadLetters.Letters);
        var again = Assert.Single(inbound.Letters);
        Assert.Equal(body, again.Body);
        Assert.EndsWith("(receive 5 of 5; sent again as a fresh message)", again.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_unreachable_store_before_the_last_receive_hands_the_message_back_to_the_queue()
    {
        handler.Throw = new TimeoutException("the store did not answer");

        var response = await DeliverAsync(Created(), MaxReceiveCount - 1);

        Assert.Equal("m1", Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(inbound.Letters);
        Assert.Empty(deadLetters.Letters);
    }

    [Fact]
    public async Task a_message_that_cannot_be_put_back_is_handed_back_and_not_dead_lettered()
    {
        handler.Throw = new TimeoutException("the store did not answer");
        inbound.Throw = new HttpRequestException("the queue did not answer either");

        var response = await DeliverAsync(Created(), MaxReceiveCount);

        Assert.Equal("m1", Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(deadLetters.Letters);
    }

    [Fact]
    public async Task an_unknown_version_of_the_event_goes_to_the_dlq_at_once_naming_the_version_and_is_not_handled()
    {
        var response = await DeliverAsync(Created("razors.subscription.created.v2"), receiveCount: 1);

        Assert.Empty(response.BatchItemFailures);
        Assert.Empty(handler.Handled);
        Assert.Equal(
            "Unknown event type 'razors.subscription.created.v2' for detail-type 'SubscriptionCreated'; this consumer reads razors.subscription.created.v1.",
            Assert.Single(deadLetters.Letters).Reason);
    }

    [Fact]
    public async Task an_event_without_its_type_goes_to_the_dlq_at_once()
    {
        var body = JsonNode.Parse(Created())!;
        body["detail"]!["metadata"]!.AsObject().Remove("eventType");

        var response = await DeliverAsync(body.ToJsonString(), receiveCount: 1);

        Assert.Empty(response.BatchItemFailures);
        Assert.Contains("has no metadata.eventType", Assert.Single(deadLetters.Letters).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_detail_that_does_not_bind_goes_to_the_dlq_at_once()
    {
        var body = JsonNode.Parse(Created())!;
        body["detail"]!["data"]!["unitsPerMonth"] = "many";

        var response = await DeliverAsync(body.ToJsonString(), receiveCount: 1);

        Assert.Empty(response.BatchItemFailures);
        Assert.StartsWith("The 'SubscriptionCreated' detail does not bind to razors.subscription.created.v1: ", Assert.Single(deadLetters.Letters).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_poison_message_the_dlq_refuses_is_handed_back_for_the_queues_own_redrive()
    {
        deadLetters.Throw = new HttpRequestException("connection refused");

        var response = await DeliverAsync("not json", receiveCount: 1);

        Assert.Equal("m1", Assert.Single(response.BatchItemFailures).ItemIdentifier);
    }

    [Fact]
    public async Task the_current_version_is_handled()
    {
        var response = await DeliverAsync(Created(), receiveCount: 1);

        Assert.Empty(response.BatchItemFailures);
        Assert.Single(handler.Handled);
        Assert.Empty(deadLetters.Letters);
    }
}
