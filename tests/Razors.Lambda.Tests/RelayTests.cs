using Razors.Messaging;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Razors.Aws.DynamoDb;
using Razors.Aws.EventBridge;
using Razors.Aws.Outbox;
using Razors.Contracts;
using Razors.Messaging.Outbox;
using Razors.Payments.Lambda;
using Razors.Subscription.Lambda;
using Razors.Testing;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests.Relays;

/// <summary>The subscription relay's entry fed a DynamoDB stream event, putting to a real HTTP endpoint speaking PutEvents.</summary>
public sealed class when_a_stream_batch_reaches_the_relay_entry : IAsyncDisposable
{
    private const string Bus = "razors-subscription-test";
    private const string EntryFailed = """{"ErrorCode":"InternalFailure","ErrorMessage":"try again"}""";

    private readonly StubHttpServer eventBridge = new();
    private readonly LambdaFunctionHost host;

    /// <summary>What the relay marked in the outbox (the table is not the subject here).</summary>
    private RecordingLedger Ledger { get; } = new();

    public when_a_stream_batch_reaches_the_relay_entry()
    {
        host = SubscriptionFunctionHosts.Relay(
            RelaySettings(Bus),
            services => services
                .AddSingleton<IEventPublisher>(EventBridgeAt(eventBridge.Url))
                .AddSingleton<IOutboxLedger>(Ledger)
                .AddSingleton<IDeadLetterQueue>(new RecordingDeadLetters()));
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        eventBridge.Dispose();
    }

    private static OutboxRecord Cancelled() =>
        Record(new SubscriptionCancelled { SubscriptionId = Guid.CreateVersion7(), Reason = CancellationReasons.CustomerRequested }, "corr-" + Guid.NewGuid());

    [Fact]
    public async Task each_outbox_insert_is_put_on_the_configured_bus_with_a_signed_call_and_nothing_is_reported()
    {
        eventBridge.ResponseBody = """{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"},{"EventId":"e-2"}]}""";
        var (first, second) = (Cancelled(), Cancelled());

        var response = await InvokeAsync(LambdaEntries.DynamoDbStreamAsync, host, StreamEvent((Seq(1), first), (Seq(2), second)));

        Assert.Empty(response["batchItemFailures"]!.AsArray());
        Assert.Equal(
            new[] { first, second }.Select(r => OutboxItem.PartitionKeyPrefix + r.EventId.ToString("D")).Order(StringComparer.Ordinal),
            Ledger.Published.Order(StringComparer.Ordinal));
        var call = Assert.Single(eventBridge.Requests);
        Assert.Equal("AWSEvents.PutEvents", call.Headers["X-Amz-Target"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", call.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains($"/{Region}/events/aws4_request", call.Headers["Authorization"], StringComparison.Ordinal);
        var entries = JsonNode.Parse(call.Body)!["Entries"]!.AsArray();
        Assert.Equal([Bus, Bus], entries.Select(e => e!["EventBusName"].Text()));
        Assert.Equal([first.Detail, second.Detail], entries.Select(e => e!["Detail"].Text()));
        Assert.Equal(first.DetailType, entries[0]!["DetailType"].Text());
    }

    [Fact]
    public async Task an_entry_the_bus_keeps_failing_comes_back_as_its_sequence_number()
    {
        eventBridge.NextResponses.Enqueue((HttpStatusCode.OK, $$"""{"FailedEntryCount":1,"Entries":[{"EventId":"e-1"},{{EntryFailed}}]}"""));
        eventBridge.ResponseBody = $$"""{"FailedEntryCount":1,"Entries":[{{EntryFailed}}]}""";

        var response = await InvokeAsync(LambdaEntries.DynamoDbStreamAsync, host, StreamEvent((Seq(7), Cancelled()), (Seq(8), Cancelled())));

        Assert.Equal([Seq(8)], response["batchItemFailures"]!.AsArray().Select(f => f!["itemIdentifier"].Text()));
        var calls = eventBridge.Requests.ToArray();
        Assert.Equal(new OutboxRelayOptions(Bus).MaxPutAttempts, calls.Length);
        Assert.All(calls.Skip(1), c => Assert.Single(JsonNode.Parse(c.Body)!["Entries"]!.AsArray()));
    }
}

/// <summary>The payments relay's entry fed its outbox FIFO queue's batch.</summary>
public sealed class when_a_fifo_batch_reaches_the_payments_relay_entry : IAsyncDisposable
{
    private const string Bus = "razors-payments-test";

    private readonly StubHttpServer eventBridge = new();
    private readonly LambdaFunctionHost host;

    public when_a_fifo_batch_reaches_the_payments_relay_entry()
    {
        host = PaymentsFunctionHosts.Relay(
            RelaySettings(Bus),
            services => services
                .AddSingleton<IEventPublisher>(EventBridgeAt(eventBridge.Url))
                .AddSingleton<IDeadLetterQueue>(new RecordingDeadLetters()));
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        eventBridge.Dispose();
    }

    private static (string MessageId, string Body, string? GroupId) Message(string messageId, Guid paymentId)
    {
        var record = Record(new PaymentCancelled { PaymentId = paymentId, SubscriptionId = Guid.CreateVersion7(), Reason = "CustomerRequested" }, "corr-1", aggregateId: paymentId);
        var message = FifoOutboxMessage.From(record);
        return (messageId, message.Body, message.MessageGroupId);
    }

    [Fact]
    public async Task a_batch_the_bus_takes_is_put_in_queue_order_and_nothing_is_reported()
    {
        eventBridge.ResponseBody = """{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"},{"EventId":"e-2"}]}""";

        var response = await InvokeAsync(LambdaEntries.SqsAsync, host, SqsEvent(Message("m1", Guid.CreateVersion7()), Message("m2", Guid.CreateVersion7())));

        Assert.Empty(response["batchItemFailures"]!.AsArray());
        var entries = JsonNode.Parse(Assert.Single(eventBridge.Requests).Body)!["Entries"]!.AsArray();
        Assert.Equal([Bus, Bus], entries.Select(e => e!["EventBusName"].Text()));
    }

    [Fact]
    public async Task from_the_first_message_the_bus_keeps_refusing_every_later_one_is_reported()
    {
        var payment = Guid.CreateVersion7();
        eventBridge.ResponseBody = """{"FailedEntryCount":1,"Entries":[{"ErrorCode":"InternalFailure","ErrorMessage":"try again"}]}""";

        var response = await InvokeAsync(LambdaEntries.SqsAsync, host, SqsEvent(Message("m1", payment), Message("m2", payment)));

        Assert.Equal(["m1", "m2"], response["batchItemFailures"]!.AsArray().Select(f => f!["itemIdentifier"].Text()));
        // One group: m2 waits behind m1 and never reaches the bus.
        Assert.All(eventBridge.Requests, r => Assert.Single(JsonNode.Parse(r.Body)!["Entries"]!.AsArray()));
    }
}
