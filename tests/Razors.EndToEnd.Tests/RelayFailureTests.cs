using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Razors.Aws.DynamoDb;
using Razors.Aws.EventBridge;
using Razors.Aws.Outbox;
using Razors.Contracts;
using Razors.LocalCloud;
using Razors.LocalCloud.Queues;
using Razors.Lambda.Events;
using Razors.Topology;

namespace Razors.EndToEnd.Tests;

/// <summary>
/// The subscription relay as the host builds it, over a bus that refuses every entry while
/// <see cref="Down"/> is set. It is built once the host is up (only commits made after that
/// reach it), from the host's own DynamoDB client and queues.
/// </summary>
internal sealed class RelayOverFlakyBus : IDynamoDbStreamFunction, IEventPublisher
{
    private DynamoDbOutboxRelay? relay;
    private Razors.LocalCloud.Buses.LocalEventBridge? inner;
    private int refused;

    public bool Down { get; set; }

    /// <summary>PutEvents entries refused so far.</summary>
    public int Refused => Volatile.Read(ref refused);

    public void Attach(FaultHost host)
    {
        inner = host.Host.Cloud.EventBridge;
        relay = new DynamoDbOutboxRelay(
            this,
            new DynamoDbOutboxLedger(host.Host.Services.GetRequiredService<IAmazonDynamoDB>(), SubscriptionTopology.Table.Name, TimeProvider.System),
            new LocalDeadLetterQueue(host.Host.Cloud.Queues, SubscriptionTopology.RelayDeadLetterQueue.Name),
            new OutboxRelayOptions(SubscriptionTopology.Bus.Name) { MaxPutAttempts = 1 },
            TimeProvider.System,
            NullLogger<DynamoDbOutboxRelay>.Instance);
    }

    public Task<StreamsEventResponse> HandleAsync(DynamoDBEvent batch, CancellationToken cancellationToken) =>
        (relay ?? throw new InvalidOperationException("The relay is not attached yet.")).HandleAsync(batch, cancellationToken);

    public async Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default)
    {
        if (!Down)
        {
            return await inner!.PutEventsAsync(request, cancellationToken);
        }

        Interlocked.Add(ref refused, request.Entries.Count);
        var response = new PutEventsResponse();
        foreach (var _ in request.Entries)
        {
            response.Entries.Add(new PutEventsResultEntry { ErrorCode = "ServiceUnavailable", ErrorMessage = "Injected outage." });
            response.FailedEntryCount++;
        }

        return response;
    }
}

public sealed class when_the_bus_refuses_every_event_for_a_while
{
    [Fact]
    public async Task the_relay_keeps_retrying_nothing_is_dead_lettered_and_the_saga_completes_once_the_bus_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var relay = new RelayOverFlakyBus { Down = true };
        await using var host = await FaultHost.StartAsync(
            topology => topology,
            new LocalFunctions().AddStreamFunction(SubscriptionTopology.Relay.Name, relay),
            ct);
        relay.Attach(host);

        var id = await host.CreateSubscriptionAsync("cust-outage", ct);

        // Stream mappings retry without a bound (SubscriptionTopology.RelayMapping): however many
        // refusals pile up, the record is neither discarded nor sent to the relay DLQ.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (relay.Refused < 6 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, ct);
        }

        Assert.True(relay.Refused >= 6, $"The relay was refused only {relay.Refused} times.");
        Assert.Equal(-1, SubscriptionTopology.RelayMapping.MaximumRetryAttempts);
        Assert.Equal(-1, SubscriptionTopology.RelayMapping.MaximumRecordAgeInSeconds);
        Assert.Empty(await Admin.QueueMessagesAsync(host.Http, SubscriptionTopology.RelayDeadLetterQueue.Name, ct));
        Assert.Empty((await Admin.BusEventsAsync(host.Http, SubscriptionTopology.Bus.Name, ct)).ForAggregate(id));

        relay.Down = false;

        Assert.Equal("Active", await Saga.WaitForStatusAsync(host.Http, id, "Active", ct));
        await host.WaitUntilIdleAsync(ct);
        Assert.Single((await Admin.BusEventsAsync(host.Http, SubscriptionTopology.Bus.Name, ct)).ForAggregate(id).OfType(nameof(SubscriptionCreated)));
        Assert.Empty(await Admin.QueueMessagesAsync(host.Http, SubscriptionTopology.RelayDeadLetterQueue.Name, ct));
    }
}

public sealed class when_the_stream_relay_never_runs
{
    [Fact]
    public async Task the_sweeper_republishes_the_pending_outbox_and_the_saga_still_completes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await FaultHost.StartAsync(
            topology => topology with { StreamMappings = [.. topology.StreamMappings.Where(m => m.Function != SubscriptionTopology.Relay.Name)] },
            new LocalFunctions(),
            ct,
            options => options with { OutboxSweeper = new OutboxSweeperOptions { Interval = TimeSpan.FromMilliseconds(200), GracePeriod = TimeSpan.Zero } });

        var id = await host.CreateSubscriptionAsync("cust-no-relay", ct);

        Assert.Equal("Active", await Saga.WaitForStatusAsync(host.Http, id, "Active", ct));

        // SubscriptionActivated was committed with the Active state; only a later sweep publishes it.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        IEnumerable<JsonElement> events;
        while (!(events = (await Admin.BusEventsAsync(host.Http, SubscriptionTopology.Bus.Name, ct)).ForAggregate(id)).OfType(nameof(SubscriptionActivated)).Any()
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        await host.WaitUntilIdleAsync(ct);
        events = (await Admin.BusEventsAsync(host.Http, SubscriptionTopology.Bus.Name, ct)).ForAggregate(id);
        Assert.Single(events.OfType(nameof(SubscriptionCreated)));
        Assert.Single(events.OfType(nameof(SubscriptionActivated)));

        // Swept records leave the pending index; nothing of this saga is left to sweep.
        var pending = await host.Host.Services.GetRequiredService<IAmazonDynamoDB>().ScanAsync(
            new ScanRequest { TableName = SubscriptionTopology.Table.Name, IndexName = RazorsTopology.PendingOutboxIndex.Name }, ct);
        Assert.DoesNotContain(pending.Items ?? [], item => item[OutboxItem.AggregateId].S == id.ToString());
    }
}

public sealed class when_an_outbox_record_can_never_be_published
{
    [Fact]
    public async Task it_goes_whole_to_the_relay_dlq_with_its_reason_and_later_events_still_reach_the_bus()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await FaultHost.StartAsync(topology => topology, new LocalFunctions(), ct);
        var dynamoDb = host.Host.Services.GetRequiredService<IAmazonDynamoDB>();
        var key = OutboxItem.PartitionKeyPrefix + Guid.CreateVersion7().ToString("D");

        // An outbox item without its detail: written by hand, as a bad deployment might.
        await dynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = SubscriptionTopology.Table.Name,
            Item = new()
            {
                [OutboxItem.PartitionKey] = new() { S = key },
                [OutboxItem.SortKey] = new() { S = OutboxItem.SortKeyValue },
                [OutboxItem.Kind] = new() { S = OutboxItem.KindValue },
                [OutboxItem.Source] = new() { S = EventSources.Subscription },
                [OutboxItem.DetailType] = new() { S = nameof(SubscriptionCreated) },
                [OutboxItem.OccurredAt] = new() { S = DateTimeOffset.UtcNow.ToString("O") },
                [OutboxItem.Pending] = new() { S = "0" },
            },
        }, ct);
        var healthy = await host.CreateSubscriptionAsync("cust-after-poison", ct);
        Assert.Equal("Active", await Saga.WaitForStatusAsync(host.Http, healthy, "Active", ct));
        await host.WaitUntilIdleAsync(ct);

        var message = Assert.Single(await Admin.QueueMessagesAsync(host.Http, SubscriptionTopology.RelayDeadLetterQueue.Name, ct));
        var body = message.Body();
        Assert.StartsWith("Unreadable outbox record", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(key, body.GetProperty("item").GetProperty(OutboxItem.PartitionKey).GetString());
        var item = (await dynamoDb.GetItemAsync(SubscriptionTopology.Table.Name, new()
        {
            [OutboxItem.PartitionKey] = new() { S = key },
            [OutboxItem.SortKey] = new() { S = OutboxItem.SortKeyValue },
        }, ct)).Item;
        Assert.True(item.ContainsKey(OutboxItem.DeadLetteredAt));
        Assert.False(item.ContainsKey(OutboxItem.Pending));
    }
}

/// <summary>
/// DynamoDB Local listens on every interface (it has no bind option), so anyone who can reach its
/// port can send it requests; the host's tables are filed under an access key only the host knows
/// (local/LocalCloud/DynamoDb/DynamoDbLocal.cs), so an outbox item planted with other credentials
/// lands in a table no relay reads.
/// </summary>
public sealed class when_someone_else_writes_an_outbox_item_to_the_hosts_dynamodb_local
{
    [Fact]
    public async Task it_never_reaches_a_bus()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await FaultHost.StartAsync(topology => topology, new LocalFunctions(), ct);
        using var stranger = new AmazonDynamoDBClient(
            new Amazon.Runtime.BasicAWSCredentials("AKIDEXAMPLE", "anything"),
            new AmazonDynamoDBConfig { ServiceURL = host.Host.DynamoDbServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });
        await DynamoDbTables.EnsureTableAsync(stranger, SubscriptionTopology.Table, ct);
        var eventId = Guid.CreateVersion7();
        var subscriptionId = Guid.CreateVersion7();
        var record = Razors.Messaging.Outbox.OutboxRecord.Create(
            new SubscriptionCancelled { SubscriptionId = subscriptionId, Reason = CancellationReasons.CustomerRequested },
            new EventMetadata
            {
                EventId = eventId, EventType = EventTypes.SubscriptionCancelled.Id, OccurredAt = DateTimeOffset.UtcNow,
                CorrelationId = subscriptionId.ToString(), AggregateId = subscriptionId.ToString(), AggregateVersion = 2,
            });

        await stranger.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = [DynamoDbOutbox.Put(SubscriptionTopology.Table.Name, record)] }, ct);
        var healthy = await host.CreateSubscriptionAsync("cust-beside-the-planted-item", ct);
        Assert.Equal("Active", await Saga.WaitForStatusAsync(host.Http, healthy, "Active", ct));
        await host.WaitUntilIdleAsync(ct);

        var events = await Admin.BusEventsAsync(host.Http, SubscriptionTopology.Bus.Name, ct);
        Assert.Contains(events, e => e.AggregateId() == healthy);
        Assert.DoesNotContain(events, e => e.EventId() == eventId);
    }
}
