using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Razors.Aws.DynamoDBStreams;
using Razors.Aws.DynamoDb;
using Razors.Aws.EventBridge;
using Razors.Aws.Outbox;
using Razors.Contracts;
using Razors.LocalCloud;
using Razors.Topology;

namespace Razors.EndToEnd.Tests;

public sealed class when_the_relay_cannot_publish_an_event
{
    private const string Poison = "cust-poison";

    [Fact]
    public async Task the_batch_coordinates_go_to_the_relay_dlq_and_later_events_still_reach_the_bus()
    {
        var ct = TestContext.Current.CancellationToken;
        var bus = new PoisonedEventBridge(Poison);
        var relay = new DynamoDbOutboxRelay(
            bus,
            new OutboxRelayOptions(SubscriptionTopology.Bus.Name) { MaxPutAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(10) },
            TimeProvider.System,
            NullLogger<DynamoDbOutboxRelay>.Instance);
        await using var host = await FaultHost.StartAsync(
            topology => topology with { StreamMappings = [SubscriptionTopology.RelayMapping with { MaximumRetryAttempts = 1 }] },
            new LocalFunctions().AddStreamFunction(SubscriptionTopology.Relay.Name, relay),
            ct);
        bus.Inner = host.Host.Cloud.EventBridge;

        var poisoned = await host.CreateSubscriptionAsync(Poison, ct);
        await host.WaitUntilIdleAsync(ct);

        var message = Assert.Single(await Admin.QueueMessagesAsync(host.Http, SubscriptionTopology.RelayDeadLetterQueue.Name, ct));
        var record = message.Body();
        var context = record.GetProperty("requestContext");
        Assert.Equal("RetryAttemptsExhausted", context.GetProperty("condition").GetString());
        Assert.Equal(2, context.GetProperty("approximateInvokeCount").GetInt32());
        var batch = record.GetProperty("DDBStreamBatchInfo");
        Assert.Equal(1, batch.GetProperty("batchSize").GetInt32());
        Assert.Equal(batch.GetProperty("startSequenceNumber").GetString(), batch.GetProperty("endSequenceNumber").GetString());
        Assert.Contains($"table/{SubscriptionTopology.Table.Name}/stream/", batch.GetProperty("streamArn").GetString(), StringComparison.Ordinal);
        Assert.Empty((await Admin.BusEventsAsync(host.Http, SubscriptionTopology.Bus.Name, ct)).ForAggregate(poisoned));

        // The coordinates are enough for an operator to find the record in the stream.
        var streams = host.Host.Services.GetRequiredService<IAmazonDynamoDBStreams>();
        var iterator = await streams.GetShardIteratorAsync(
            new GetShardIteratorRequest
            {
                StreamArn = batch.GetProperty("streamArn").GetString(),
                ShardId = batch.GetProperty("shardId").GetString(),
                ShardIteratorType = ShardIteratorType.AtSequenceNumber,
                SequenceNumber = batch.GetProperty("startSequenceNumber").GetString(),
            },
            ct);
        var found = (await streams.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator.ShardIterator, Limit = 1 }, ct)).Records[0];
        Assert.Equal(OutboxItem.KindValue, found.Dynamodb!.NewImage![OutboxItem.Kind].S);
        Assert.Equal(poisoned.ToString(), found.Dynamodb.NewImage[OutboxItem.AggregateId].S);

        var healthy = await host.CreateSubscriptionAsync("cust-healthy", ct);
        await host.WaitUntilIdleAsync(ct);

        Assert.Single((await Admin.BusEventsAsync(host.Http, SubscriptionTopology.Bus.Name, ct)).ForAggregate(healthy).OfType(nameof(SubscriptionCreated)));
        Assert.Single(await Admin.QueueMessagesAsync(host.Http, SubscriptionTopology.RelayDeadLetterQueue.Name, ct));
    }

    /// <summary>
    /// The host's EventBridge, except that every entry mentioning <paramref name="poison"/> fails
    /// the way PutEvents reports a failed entry: an error code in place of an event id.
    /// </summary>
    private sealed class PoisonedEventBridge(string poison) : IEventPublisher
    {
        /// <summary>Set once the host is up; the relay runs only for commits made after that.</summary>
        public IEventPublisher? Inner { get; set; }

        public async Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default)
        {
            var inner = Inner ?? throw new InvalidOperationException("The host's EventBridge is not set yet.");
            var response = new PutEventsResponse();
            foreach (var entry in request.Entries)
            {
                var result = entry.Detail?.Contains(poison, StringComparison.Ordinal) == true
                    ? new PutEventsResultEntry { ErrorCode = "InternalFailure", ErrorMessage = "Injected failure." }
                    : (await inner.PutEventsAsync(new PutEventsRequest { Entries = [entry] }, cancellationToken)).Entries[0];
                response.Entries.Add(result);
                response.FailedEntryCount += result.ErrorCode is null ? 0 : 1;
            }

            return response;
        }
    }
}
