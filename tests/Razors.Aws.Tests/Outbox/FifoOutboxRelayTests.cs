using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Razors.Aws.Outbox;
using Razors.Contracts;
using Razors.Lambda.Events;
using Razors.Messaging.Outbox;
using Razors.Testing;

namespace Razors.Aws.Tests.Outbox;

internal static class FifoMessages
{
    private static long sequence;

    /// <summary>A message as the worker sends it and the mapping delivers it: a PaymentCancelled of <paramref name="paymentId"/>.</summary>
    public static SQSEvent.SQSMessage Outbox(Guid paymentId)
    {
        var metadata = new EventMetadata
        {
            EventId = Guid.CreateVersion7(), EventType = EventTypes.PaymentCancelled.Id, OccurredAt = DateTimeOffset.UnixEpoch,
            CorrelationId = "saga-1", AggregateId = paymentId.ToString(), AggregateVersion = 2,
        };
        var record = OutboxRecord.Create(new PaymentCancelled { PaymentId = paymentId, SubscriptionId = Guid.CreateVersion7(), Reason = "CustomerRequested" }, metadata);
        var message = FifoOutboxMessage.From(record);
        return Message(message.Body, message.MessageGroupId, message.MessageDeduplicationId);
    }

    public static SQSEvent.SQSMessage Message(string body, string group, string? deduplicationId = null) => new()
    {
        MessageId = Guid.NewGuid().ToString(),
        Body = body,
        Attributes = new()
        {
            ["MessageGroupId"] = group,
            ["MessageDeduplicationId"] = deduplicationId ?? Guid.NewGuid().ToString(),
            ["SequenceNumber"] = Interlocked.Increment(ref sequence).ToString("D20", CultureInfo.InvariantCulture),
            ["ApproximateReceiveCount"] = "1",
        },
    };

    public static string Detail(SQSEvent.SQSMessage message) => JsonNode.Parse(message.Body!)!["detail"]!.ToJsonString();

    public static List<string?> Ids(this SQSBatchResponse response) => [.. response.BatchItemFailures.Select(f => f.ItemIdentifier)];
}

public abstract class FifoRelayTest
{
    private protected RecordingEventBridge Bus { get; } = new();

    private protected RecordingDeadLetters DeadLetters { get; } = new();

    private protected FifoOutboxRelay Relay { get; }

    protected FifoRelayTest() => Relay = new(
        Bus, DeadLetters, new OutboxRelayOptions("razors-payments") { RetryBaseDelay = TimeSpan.Zero, MaxEntrySizeBytes = 4096 },
        TimeProvider.System, NullLogger<FifoOutboxRelay>.Instance);

    protected Task<SQSBatchResponse> HandleAsync(params SQSEvent.SQSMessage[] messages) =>
        Relay.HandleAsync(new SQSEvent { Records = [.. messages] }, TestContext.Current.CancellationToken);
}

public sealed class when_the_fifo_relay_publishes_a_batch : FifoRelayTest
{
    [Fact]
    public async Task each_message_becomes_its_event_on_the_bus_in_queue_order()
    {
        var messages = new[] { FifoMessages.Outbox(Guid.CreateVersion7()), FifoMessages.Outbox(Guid.CreateVersion7()), FifoMessages.Outbox(Guid.CreateVersion7()) };

        var response = await HandleAsync(messages);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(messages.Select(FifoMessages.Detail), Bus.Published.Select(e => JsonNode.Parse(e.Detail!)!.ToJsonString()));
        Assert.All(Bus.Published, e => Assert.Equal(("razors-payments", EventSources.Payments, nameof(PaymentCancelled)), (e.EventBusName, e.Source, e.DetailType)));
    }

    [Fact]
    public async Task messages_of_different_groups_share_a_call_and_messages_of_one_group_do_not()
    {
        var a = Guid.CreateVersion7();
        var b = Guid.CreateVersion7();

        await HandleAsync(FifoMessages.Outbox(a), FifoMessages.Outbox(b), FifoMessages.Outbox(a), FifoMessages.Outbox(b));

        Assert.Equal([2, 2], Bus.Calls.Select(c => c.Count));
    }

    [Fact]
    public async Task an_entry_that_fails_once_is_retried_alone_and_nothing_is_reported()
    {
        var messages = new[] { FifoMessages.Outbox(Guid.CreateVersion7()), FifoMessages.Outbox(Guid.CreateVersion7()) };
        var flaky = FifoMessages.Detail(messages[1]);
        Bus.Fails = (entry, call) => JsonNode.Parse(entry.Detail!)!.ToJsonString() == flaky && call == 1;

        var response = await HandleAsync(messages);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal([2, 1], Bus.Calls.Select(c => c.Count));
    }
}

public sealed class when_a_fifo_message_cannot_be_published : FifoRelayTest
{
    [Fact]
    public async Task it_and_the_later_messages_of_its_group_are_reported_and_other_groups_go_through()
    {
        var (a, b) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var messages = new[] { FifoMessages.Outbox(a), FifoMessages.Outbox(b), FifoMessages.Outbox(a), FifoMessages.Outbox(b) };
        var poison = FifoMessages.Detail(messages[0]);
        Bus.Fails = (entry, _) => JsonNode.Parse(entry.Detail!)!.ToJsonString() == poison;

        var response = await HandleAsync(messages);

        Assert.Equal([messages[0].MessageId, messages[2].MessageId], response.Ids());
        Assert.Equal(
            [FifoMessages.Detail(messages[1]), FifoMessages.Detail(messages[3])],
            Bus.Published.Select(e => JsonNode.Parse(e.Detail!)!.ToJsonString()).Where(d => d != poison));
        Assert.Empty(DeadLetters.Letters);
    }

    [Fact]
    public async Task a_later_message_of_another_group_published_in_the_failed_call_is_not_reported()
    {
        var messages = Enumerable.Range(0, 3).Select(_ => FifoMessages.Outbox(Guid.CreateVersion7())).ToArray();
        var poison = FifoMessages.Detail(messages[1]);
        Bus.Fails = (entry, _) => JsonNode.Parse(entry.Detail!)!.ToJsonString() == poison;

        var response = await HandleAsync(messages);

        Assert.Equal([messages[1].MessageId], response.Ids());
        Assert.Single(Bus.Published, e => JsonNode.Parse(e.Detail!)!.ToJsonString() == FifoMessages.Detail(messages[2]));
    }

    [Fact]
    public async Task a_later_message_of_the_failed_group_is_not_published()
    {
        var payment = Guid.CreateVersion7();
        var first = FifoMessages.Outbox(payment);
        var second = FifoMessages.Outbox(payment);
        var poison = FifoMessages.Detail(first);
        Bus.Fails = (entry, _) => JsonNode.Parse(entry.Detail!)!.ToJsonString() == poison;

        var response = await HandleAsync(first, second);

        Assert.Equal([first.MessageId, second.MessageId], response.Ids());
        Assert.DoesNotContain(Bus.Published, e => JsonNode.Parse(e.Detail!)!.ToJsonString() == FifoMessages.Detail(second));
    }

    [Fact]
    public async Task an_unreadable_body_goes_to_the_dlq_as_it_was_with_the_reason_and_nothing_is_held_back()
    {
        var group = Guid.CreateVersion7();
        var before = FifoMessages.Outbox(Guid.CreateVersion7());
        var broken = FifoMessages.Message("""{ "source": "razors.payments" }""", group.ToString(), "dedup-broken");
        var after = FifoMessages.Outbox(group);

        var response = await HandleAsync(before, broken, after);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal([FifoMessages.Detail(before), FifoMessages.Detail(after)], Bus.Published.Select(e => JsonNode.Parse(e.Detail!)!.ToJsonString()));
        var letter = Assert.Single(DeadLetters.Letters);
        Assert.Equal((broken.Body, group.ToString(), "dedup-broken"), (letter.Body, letter.MessageGroupId, letter.DeduplicationId));
        Assert.StartsWith("Unreadable outbox message: ", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_message_over_the_entry_size_limit_goes_to_the_dlq_with_its_size_in_the_reason()
    {
        var body = $$"""{ "source": "razors.payments", "detail-type": "PaymentCancelled", "detail": { "pad": "{{new string('x', 5000)}}" } }""";
        var large = FifoMessages.Message(body, Guid.CreateVersion7().ToString());

        var response = await HandleAsync(large);

        Assert.Empty(response.BatchItemFailures);
        Assert.Empty(Bus.Published);
        Assert.Contains("over the PutEvents entry limit of 4096", Assert.Single(DeadLetters.Letters).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_unreadable_body_the_dlq_refuses_holds_back_only_its_group()
    {
        var group = Guid.CreateVersion7();
        var broken = FifoMessages.Message("not json", group.ToString());
        var sameGroup = FifoMessages.Outbox(group);
        var otherGroup = FifoMessages.Outbox(Guid.CreateVersion7());
        DeadLetters.Throw = new HttpRequestException("connection refused");

        var response = await HandleAsync(broken, sameGroup, otherGroup);

        Assert.Equal([broken.MessageId, sameGroup.MessageId], response.Ids());
        Assert.Equal(FifoMessages.Detail(otherGroup), JsonNode.Parse(Assert.Single(Bus.Published).Detail!)!.ToJsonString());
    }

    [Fact]
    public async Task a_call_that_throws_reports_the_whole_batch()
    {
        var messages = new[] { FifoMessages.Outbox(Guid.CreateVersion7()), FifoMessages.Outbox(Guid.CreateVersion7()) };
        Bus.Throw = new HttpRequestException("connection refused");

        var response = await HandleAsync(messages);

        Assert.Equal(messages.Select(m => m.MessageId), response.Ids());
    }
}

public sealed class when_an_outbox_record_becomes_a_fifo_message
{
    private static readonly Guid PaymentId = Guid.Parse("0199b6a5-1d2c-7000-8000-00000000000a");
    private static readonly Guid EventId = Guid.Parse("0199b6a5-1d2c-7000-8000-00000000000e");

    private static OutboxRecord Record() => OutboxRecord.Create(
        new PaymentCancelled { PaymentId = PaymentId, SubscriptionId = Guid.CreateVersion7(), Reason = "CustomerRequested" },
        new EventMetadata
        {
            EventId = EventId, EventType = EventTypes.PaymentCancelled.Id, OccurredAt = DateTimeOffset.UnixEpoch,
            CorrelationId = "saga-1", AggregateId = PaymentId.ToString(), AggregateVersion = 2,
        });

    [Fact]
    public void the_group_is_the_aggregate_and_the_deduplication_id_is_the_event_id()
    {
        var message = FifoOutboxMessage.From(Record());

        Assert.Equal((PaymentId.ToString(), EventId.ToString()), (message.MessageGroupId, message.MessageDeduplicationId));
    }

    [Fact]
    public void the_body_reads_back_as_the_records_entry_with_its_detail_unchanged()
    {
        var record = Record();

        var (source, detailType, detail) = FifoOutboxMessage.ReadBody(FifoOutboxMessage.From(record).Body);

        Assert.Equal((record.Source, record.DetailType, record.Detail), (source, detailType, detail));
    }
}
