using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Razors.Contracts;
using Razors.Messaging.Consumers;
using Razors.Lambda;
using Razors.Lambda.Events;
using Razors.Testing;

namespace Razors.Subscription.Tests.Api;

/// <summary>
/// Saga events reach the service through the queue's batch processor, wired with
/// <c>OnSubscriptionEvents</c> as a host wires it; the API shows where the saga stands.
/// </summary>
public abstract class SagaApiTest(DynamoDbLocalFixture dynamo) : ApiTest(dynamo)
{
    protected Guid PaymentId { get; } = Guid.CreateVersion7();

    protected async Task DeliverAsync(params SQSEvent.SQSMessage[] messages)
    {
        var function = new SqsEventQueueFunction(new EventQueueFunction(NullLogger<EventQueueFunction>.Instance).OnSubscriptionEvents(Host.Services), new RecordingDeadLetters(), new RecordingDeadLetters(), 5, NullLogger<SqsEventQueueFunction>.Instance);
        var batch = new SQSEvent { Records = [.. messages] };

        var response = await function.HandleAsync(batch, Ct);

        Assert.Empty(response.BatchItemFailures);
    }

    protected async Task<JsonObject> GetAsync(string id)
    {
        using var response = await Host.Client.GetAsync($"/subscriptions/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await BodyAsync(response);
    }

    protected static List<(string EventType, string? Detail)> Timeline(JsonObject subscription) =>
        subscription["timeline"]!.AsArray().Select(e => ((string)e!["eventType"]!, (string?)e["detail"])).ToList();
}

public sealed class when_stock_and_payment_are_in_place_over_http(DynamoDbLocalFixture dynamo) : SagaApiTest(dynamo)
{
    [Fact]
    public async Task get_shows_the_active_subscription_its_payment_and_its_timeline_in_order()
    {
        var created = await CreateAsync();
        var id = Guid.Parse((string)created["id"]!);
        var payment = Incoming.PaymentCreated(id, PaymentId);

        await DeliverAsync(Incoming.AsQueueMessage(payment));
        await DeliverAsync(Incoming.AsQueueMessage(Incoming.StockAllocated(id)));

        var subscription = await GetAsync(id.ToString("D"));
        Assert.Equal(("Active", 3L, PaymentId.ToString("D")),
            ((string)subscription["status"]!, (long)subscription["version"]!, (string)subscription["paymentId"]!));
        Assert.Null(subscription["cancellationReason"]);
        Assert.Equal(
            [("SubscriptionCreated", null), ("PaymentCreated", null), ("StockAllocated", null), ("SubscriptionActivated", null)],
            Timeline(subscription));
        var entries = subscription["timeline"]!.AsArray();
        Assert.Equal(created["timeline"]![0]!.ToJsonString(), entries[0]!.ToJsonString());
        Assert.Equal(payment.Metadata.EventId.ToString("D"), (string)entries[1]!["eventId"]!);
        var activated = Assert.Single(await OutboxAsync(), e => (string)e["metadata"]!["eventType"]! == "razors.subscription.activated.v1");
        Assert.Equal((string)entries[3]!["eventId"]!, (string)activated["metadata"]!["eventId"]!);
        Assert.All(entries, e => Assert.NotNull(e!["at"]));
    }
}

public sealed class when_stock_is_short_over_http(DynamoDbLocalFixture dynamo) : SagaApiTest(dynamo)
{
    [Fact]
    public async Task get_shows_the_cancelled_subscription_with_stocks_reason_on_its_timeline()
    {
        var id = Guid.Parse((string)(await CreateAsync())["id"]!);

        await DeliverAsync(Incoming.AsQueueMessage(Incoming.StockAllocationFailed(id)));

        var subscription = await GetAsync(id.ToString("D"));
        Assert.Equal(("Cancelled", CancellationReasons.StockUnavailable),
            ((string)subscription["status"]!, (string)subscription["cancellationReason"]!));
        Assert.Null(subscription["paymentId"]);
        Assert.Equal(
            [
                ("SubscriptionCreated", null),
                ("StockAllocationFailed", "2 units of razor-classic on hand, 24 asked for"),
                ("SubscriptionCancelled", "StockUnavailable"),
            ],
            Timeline(subscription));
    }
}

public sealed class when_a_customer_cancels_over_http(DynamoDbLocalFixture dynamo) : SagaApiTest(dynamo)
{
    [Fact]
    public async Task the_timeline_records_the_cancel_and_a_late_saga_event_adds_nothing()
    {
        var id = (string)(await CreateAsync())["id"]!;
        using var deleted = await Host.Client.DeleteAsync($"/subscriptions/{id}", Ct);

        await DeliverAsync(Incoming.AsQueueMessage(Incoming.StockAllocated(Guid.Parse(id))));

        var subscription = await GetAsync(id);
        Assert.True(JsonNode.DeepEquals(await BodyAsync(deleted), subscription));
        Assert.Equal([("SubscriptionCreated", null), ("SubscriptionCancelled", "CustomerRequested")], Timeline(subscription));
    }
}

public sealed class when_a_saga_event_names_no_subscription_over_http(DynamoDbLocalFixture dynamo) : SagaApiTest(dynamo)
{
    [Fact]
    public async Task the_message_is_reported_failed_for_the_queue_to_retry_and_dead_letter()
    {
        var function = new SqsEventQueueFunction(new EventQueueFunction(NullLogger<EventQueueFunction>.Instance).OnSubscriptionEvents(Host.Services), new RecordingDeadLetters(), new RecordingDeadLetters(), 5, NullLogger<SqsEventQueueFunction>.Instance);
        var message = Incoming.AsQueueMessage(Incoming.StockAllocated(Guid.CreateVersion7()));

        var response = await function.HandleAsync(new SQSEvent { Records = [message] }, Ct);

        Assert.Equal(message.MessageId, Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(await ScanAsync());
    }
}
