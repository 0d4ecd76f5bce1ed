using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Razors.Aws.DynamoDb;
using Razors.Aws.EventBridge;
using Razors.Aws.Outbox;
using Razors.Contracts;
using Razors.Lambda.Events;
using Razors.Messaging.Outbox;
using Razors.Testing;

namespace Razors.Aws.Tests.Outbox;

/// <summary>A bus that records every call and fails the entries a test tells it to.</summary>
internal sealed class RecordingEventBridge : IEventPublisher
{
    public List<List<PutEventsRequestEntry>> Calls { get; } = [];
    public Func<PutEventsRequestEntry, int, bool> Fails { get; set; } = (_, _) => false;
    public Exception? Throw { get; set; }

    public Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default)
    {
        Calls.Add(request.Entries);
        if (Throw is not null)
        {
            throw Throw;
        }

        var results = request.Entries.Select(e => Fails(e, Calls.Count)
            ? new PutEventsResultEntry { ErrorCode = "InternalFailure", ErrorMessage = "boom" }
            : new PutEventsResultEntry { EventId = Guid.NewGuid().ToString() }).ToList();
        return Task.FromResult(new PutEventsResponse { Entries = results, FailedEntryCount = results.Count(r => r.EventId is null) });
    }

    public IEnumerable<PutEventsRequestEntry> Published => Calls.SelectMany(c => c);
}

internal static class Records
{
    private static long sequence = 100;

    public static DynamodbStreamRecord Outbox(string? detail = null, string eventName = "INSERT")
    {
        var eventId = Guid.CreateVersion7();
        var subscriptionId = Guid.CreateVersion7();
        var metadata = new EventMetadata
        {
            EventId = eventId, EventType = EventTypes.SubscriptionCancelled.Id, OccurredAt = DateTimeOffset.UnixEpoch,
            CorrelationId = subscriptionId.ToString(), AggregateId = subscriptionId.ToString(), AggregateVersion = 2,
        };
        var record = OutboxRecord.Create(new SubscriptionCancelled { SubscriptionId = subscriptionId, Reason = "CustomerRequested" }, metadata);
        return Item(eventName, new()
        {
            [OutboxItem.PartitionKey] = new() { S = OutboxItem.PartitionKeyPrefix + eventId },
            [OutboxItem.Kind] = new() { S = OutboxItem.KindValue },
            [OutboxItem.Source] = new() { S = record.Source },
            [OutboxItem.DetailType] = new() { S = record.DetailType },
            [OutboxItem.Detail] = new() { S = detail ?? record.Detail },
        });
    }

    public static DynamodbStreamRecord StateItem() => Item("MODIFY", new()
    {
        [OutboxItem.PartitionKey] = new() { S = "SUB#1" },
        ["status"] = new() { S = "Active" },
    });

    private static DynamodbStreamRecord Item(string eventName, Dictionary<string, AttributeValue> image) => new()
    {
        EventName = eventName,
        Dynamodb = new StreamRecord { NewImage = image, SequenceNumber = Interlocked.Increment(ref sequence).ToString("D21", System.Globalization.CultureInfo.InvariantCulture) },
    };
}

public sealed class when_the_bus_accepts_everything
{
    private readonly RecordingEventBridge bus = new();
    private readonly RecordingLedger ledger = new();
    private readonly RecordingDeadLetters deadLetters = new();

    private DynamoDbOutboxRelay Relay(int maxEntrySize = 256 * 1024) =>
        new(bus, ledger, deadLetters, new OutboxRelayOptions("razors-subscription") { MaxEntrySizeBytes = maxEntrySize }, new FakeTimeProvider(), NullLogger<DynamoDbOutboxRelay>.Instance);

    [Fact]
    public async Task every_published_record_is_marked_published_in_the_outbox()
    {
        var records = Enumerable.Range(0, 3).Select(_ => Records.Outbox()).ToList();

        await Relay().HandleAsync(new DynamoDBEvent { Records = records }, TestContext.Current.CancellationToken);

        Assert.Equal(
            records.Select(r => r.Dynamodb!.NewImage![OutboxItem.PartitionKey].S).Order(),
            ledger.Published.Order());
        Assert.Empty(ledger.DeadLettered);
    }

    [Fact]
    public async Task a_record_that_could_not_be_marked_still_counts_as_published()
    {
        ledger.Throw = new HttpRequestException("throttled");

        var response = await Relay().HandleAsync(new DynamoDBEvent { Records = [Records.Outbox()] }, TestContext.Current.CancellationToken);

        Assert.Empty(response.BatchItemFailures);
        Assert.Single(bus.Published);
    }

    [Fact]
    public async Task each_outbox_insert_becomes_one_entry_on_the_service_bus_in_stream_order()
    {
        var records = Enumerable.Range(0, 3).Select(_ => Records.Outbox()).ToList();

        var response = await Relay().HandleAsync(new DynamoDBEvent { Records = records }, TestContext.Current.CancellationToken);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(records.Select(r => r.Dynamodb!.NewImage![OutboxItem.Detail].S), bus.Published.Select(e => e.Detail));
        Assert.All(bus.Published, e =>
        {
            Assert.Equal("razors-subscription", e.EventBusName);
            Assert.Equal(EventSources.Subscription, e.Source);
            Assert.Equal(nameof(SubscriptionCancelled), e.DetailType);
        });
    }

    [Fact]
    public async Task state_items_and_non_inserts_are_not_published()
    {
        var records = new List<DynamodbStreamRecord> { Records.StateItem(), Records.Outbox(eventName: "REMOVE"), Records.Outbox() };

        var response = await Relay().HandleAsync(new DynamoDBEvent { Records = records }, TestContext.Current.CancellationToken);

        Assert.Empty(response.BatchItemFailures);
        Assert.Single(bus.Published);
    }

    [Fact]
    public async Task no_call_carries_more_than_ten_entries()
    {
        var records = Enumerable.Range(0, 23).Select(_ => Records.Outbox()).ToList();

        await Relay().HandleAsync(new DynamoDBEvent { Records = records }, TestContext.Current.CancellationToken);

        Assert.Equal([10, 10, 3], bus.Calls.Select(c => c.Count));
    }

    [Fact]
    public async Task no_call_exceeds_the_size_limit()
    {
        var records = Enumerable.Range(0, 6).Select(_ => Records.Outbox()).ToList();
        var entrySize = DynamoDbOutboxRelay.EntrySize(new PutEventsRequestEntry
        {
            Source = EventSources.Subscription, DetailType = nameof(SubscriptionCancelled), Detail = records[0].Dynamodb!.NewImage![OutboxItem.Detail].S,
        });

        await Relay(maxEntrySize: (entrySize * 2) + 10).HandleAsync(new DynamoDBEvent { Records = records }, TestContext.Current.CancellationToken);

        Assert.Equal([2, 2, 2], bus.Calls.Select(c => c.Count));
    }

    [Fact]
    public async Task an_entry_over_the_size_limit_goes_whole_to_the_dlq_with_the_reason_and_the_rest_are_published()
    {
        var small = Records.Outbox();
        var smallSize = DynamoDbOutboxRelay.EntrySize(new PutEventsRequestEntry
        {
            Source = EventSources.Subscription, DetailType = nameof(SubscriptionCancelled), Detail = small.Dynamodb!.NewImage![OutboxItem.Detail].S,
        });
        var big = Records.Outbox(detail: JsonSerializer.Serialize(new { pad = new string('x', smallSize) }));

        var response = await Relay(maxEntrySize: smallSize).HandleAsync(new DynamoDBEvent { Records = [big, small] }, TestContext.Current.CancellationToken);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(small.Dynamodb!.NewImage![OutboxItem.Detail].S, Assert.Single(bus.Published).Detail);
        var letter = Assert.Single(deadLetters.Letters);
        Assert.Contains("over the PutEvents entry limit", letter.Reason, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(letter.Body);
        Assert.Equal(letter.Reason, body.RootElement.GetProperty("reason").GetString());
        Assert.Equal(big.Dynamodb!.NewImage![OutboxItem.Detail].S, body.RootElement.GetProperty("item").GetProperty(OutboxItem.Detail).GetString());
        Assert.Equal([big.Dynamodb.NewImage[OutboxItem.PartitionKey].S!], ledger.DeadLettered);
    }
}

public sealed class when_some_entries_fail
{
    private readonly RecordingEventBridge bus = new();
    private readonly DynamoDbOutboxRelay relay;

    private readonly RecordingLedger ledger = new();
    private readonly RecordingDeadLetters deadLetters = new();

    public when_some_entries_fail() => relay = new(
        bus, ledger, deadLetters, new OutboxRelayOptions("razors-subscription") { RetryBaseDelay = TimeSpan.Zero }, TimeProvider.System, NullLogger<DynamoDbOutboxRelay>.Instance);

    [Fact]
    public async Task only_the_failed_entries_are_retried()
    {
        var records = Enumerable.Range(0, 4).Select(_ => Records.Outbox()).ToList();
        var flaky = records[2].Dynamodb!.NewImage![OutboxItem.Detail].S;
        bus.Fails = (entry, call) => entry.Detail == flaky && call == 1;

        var response = await relay.HandleAsync(new DynamoDBEvent { Records = records }, TestContext.Current.CancellationToken);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal([4, 1], bus.Calls.Select(c => c.Count));
        Assert.Equal(flaky, bus.Calls[1][0].Detail);
    }

    [Fact]
    public async Task entries_that_keep_failing_are_handed_back_by_sequence_number()
    {
        var records = Enumerable.Range(0, 3).Select(_ => Records.Outbox()).ToList();
        var poison = records[1].Dynamodb!.NewImage![OutboxItem.Detail].S;
        bus.Fails = (entry, _) => entry.Detail == poison;

        var response = await relay.HandleAsync(new DynamoDBEvent { Records = records }, TestContext.Current.CancellationToken);

        Assert.Equal([records[1].Dynamodb!.SequenceNumber], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(4, bus.Calls.Count);
    }

    [Fact]
    public async Task a_call_that_throws_fails_its_entries_without_losing_them()
    {
        var records = Enumerable.Range(0, 2).Select(_ => Records.Outbox()).ToList();
        bus.Throw = new HttpRequestException("connection refused");

        var response = await relay.HandleAsync(new DynamoDBEvent { Records = records }, TestContext.Current.CancellationToken);

        Assert.Equal(records.Select(r => r.Dynamodb!.SequenceNumber), response.BatchItemFailures.Select(f => f.ItemIdentifier));
    }

    [Fact]
    public async Task an_outbox_item_without_its_detail_goes_to_the_dlq_not_skipped_and_blocks_nothing()
    {
        var broken = Records.Outbox();
        broken.Dynamodb!.NewImage!.Remove(OutboxItem.Detail);
        var healthy = Records.Outbox();

        var response = await relay.HandleAsync(new DynamoDBEvent { Records = [broken, healthy] }, TestContext.Current.CancellationToken);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(healthy.Dynamodb!.NewImage![OutboxItem.Detail].S, Assert.Single(bus.Published).Detail);
        var letter = Assert.Single(deadLetters.Letters);
        Assert.StartsWith("Unreadable outbox record", letter.Reason, StringComparison.Ordinal);
        Assert.Equal([broken.Dynamodb.NewImage[OutboxItem.PartitionKey].S!], ledger.DeadLettered);
    }

    [Fact]
    public async Task a_poison_record_the_dlq_refuses_is_handed_back_to_be_tried_again()
    {
        var broken = Records.Outbox();
        broken.Dynamodb!.NewImage!.Remove(OutboxItem.Detail);
        deadLetters.Throw = new HttpRequestException("connection refused");

        var response = await relay.HandleAsync(new DynamoDBEvent { Records = [broken] }, TestContext.Current.CancellationToken);

        Assert.Equal([broken.Dynamodb.SequenceNumber], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Empty(ledger.DeadLettered);
    }

    [Fact]
    public async Task records_that_keep_failing_are_not_marked_published()
    {
        var records = Enumerable.Range(0, 2).Select(_ => Records.Outbox()).ToList();
        bus.Throw = new HttpRequestException("connection refused");

        await relay.HandleAsync(new DynamoDBEvent { Records = records }, TestContext.Current.CancellationToken);

        Assert.Empty(ledger.Published);
    }
}
