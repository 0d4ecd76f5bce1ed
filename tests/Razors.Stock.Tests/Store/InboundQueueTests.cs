using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Razors.Contracts;
using Razors.Messaging.Consumers;
using Razors.Lambda;
using Razors.Lambda.Events;
using Razors.Stock.Aws;
using Razors.Stock.Domain;
using Razors.Stock.Tests.Unit;
using Razors.Testing;

namespace Razors.Stock.Tests.Store;

public sealed class when_the_inbound_queue_delivers_a_batch(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    private readonly DynamoDbLocalFixture dynamo = dynamo;

    [Fact]
    public async Task each_event_reaches_its_handler_and_only_the_poison_one_is_reported_failed()
    {
        await Store.SeedAsync(Catalogue.Seed, Ct);
        using var services = new ServiceCollection()
            .AddSingleton(dynamo.Client)
            .AddStock()
            .AddStockDynamoDb(Store.TableName)
            .BuildServiceProvider();
        var function = new SqsEventQueueFunction(new EventQueueFunction(NullLogger<EventQueueFunction>.Instance).OnStockEvents(services), new RecordingDeadLetters(), new RecordingDeadLetters(), 5, NullLogger<SqsEventQueueFunction>.Instance);
        var (kept, cancelled, poison) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var batch = new SQSEvent
        {
            Records =
            [
                Message("m1", Samples.Created(kept)),
                Message("m2", Samples.Created(cancelled, "razor-pro")),
                Message("m3", Samples.Cancelled(cancelled)),
                Message("m4", Samples.Created(poison, unitsPerMonth: 0)),
            ],
        };

        var response = await function.HandleAsync(batch, Ct);

        Assert.Equal(["m4"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal((988, 500), (await UnitsOfAsync("razor-classic"), await UnitsOfAsync("razor-pro")));
        Assert.Equal(AllocationStatus.Deallocated, (await Store.GetAllocationAsync(cancelled, Ct))!.Status);
        Assert.Null(await Store.GetAllocationAsync(poison, Ct));
    }

    /// <summary>What a rule puts on the queue: the whole EventBridge event, the envelope as its detail.</summary>
    private static SQSEvent.SQSMessage Message<T>(string messageId, T data)
        where T : class
    {
        var type = EventTypes.Of<T>();
        var busEvent = new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = type.DetailType,
            ["source"] = type.Source,
            ["account"] = "000000000000",
            ["time"] = "2026-11-23T09:29:00Z",
            ["region"] = "eu-west-2",
            ["resources"] = new JsonArray(),
            ["detail"] = JsonSerializer.SerializeToNode(Samples.Envelope(data), type.EnvelopeTypeInfo),
        };
        return new SQSEvent.SQSMessage
        {
            MessageId = messageId,
            Body = busEvent.ToJsonString(),
            Attributes = new() { ["ApproximateReceiveCount"] = "1" },
        };
    }
}
