using Razors.Messaging;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Razors.Aws.EventBridge;
using Razors.Aws.Outbox;
using Razors.Contracts;
using Razors.Messaging.Outbox;
using Razors.Payments.Lambda;
using Razors.Testing;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests.Compliance;

/// <summary>
/// The payments relay (<see cref="FifoOutboxRelay"/>) fed its outbox FIFO queue's batch, putting
/// to a real HTTP endpoint that speaks PutEvents.
/// </summary>
public abstract class when_the_payments_relay_gets_a_fifo_batch : IAsyncDisposable
{
    private const string Bus = "razors-payments-compliance";

    private readonly BatchPath path;
    private readonly StubHttpServer eventBridge = new();
    private readonly LambdaFunctionHost host;

    protected when_the_payments_relay_gets_a_fifo_batch(BatchPath path)
    {
        this.path = path;
        host = PaymentsFunctionHosts.Relay(
            RelaySettings(Bus),
            services => services
                .AddSingleton<IEventPublisher>(EventBridgeAt(eventBridge.Url))
                .AddSingleton<IDeadLetterQueue>(new RecordingDeadLetters()));
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await host.DisposeAsync();
        eventBridge.Dispose();
    }

    /// <summary>Outbox messages as the payments service sends them, one per (message id, payment), the payment being the group.</summary>
    private static (string MessageId, string Body, string? GroupId)[] Messages(params (string MessageId, Guid PaymentId)[] messages) =>
    [
        .. messages.Select(m =>
        {
            var record = Record(new PaymentCancelled { PaymentId = m.PaymentId, SubscriptionId = Guid.CreateVersion7(), Reason = "CustomerRequested" }, "corr-" + m.MessageId, aggregateId: m.PaymentId);
            var message = FifoOutboxMessage.From(record);
            return (m.MessageId, message.Body, (string?)message.MessageGroupId);
        }),
    ];

    private static string Detail(string body) => FifoOutboxMessage.ReadBody(body).Detail;

    /// <summary>The details each PutEvents call carried, call by call.</summary>
    private string[][] Calls() =>
        [.. eventBridge.Requests.Select(r => JsonNode.Parse(r.Body)!["Entries"]!.AsArray().Select(e => e!["Detail"].Text()).ToArray())];

    [Fact]
    public async Task a_batch_the_bus_takes_is_put_in_queue_order_one_message_per_group_a_call_and_nothing_is_reported()
    {
        var (first, second) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var messages = Messages(("m1", first), ("m2", second), ("m3", first));
        eventBridge.NextResponses.Enqueue((HttpStatusCode.OK, PutEventsResponse.Accepted(2)));
        eventBridge.NextResponses.Enqueue((HttpStatusCode.OK, PutEventsResponse.Accepted(1)));

        var failures = await path.DeliverAsync(host, SqsBatch(messages));

        Assert.Empty(failures);
        Assert.Equal([[Detail(messages[0].Body), Detail(messages[1].Body)], [Detail(messages[2].Body)]], Calls());
        var buses = eventBridge.Requests.SelectMany(r => JsonNode.Parse(r.Body)!["Entries"]!.AsArray()).Select(e => e!["EventBusName"].Text());
        Assert.All(buses, bus => Assert.Equal(Bus, bus));
    }

    [Fact]
    public async Task the_message_the_bus_keeps_refusing_and_every_later_one_not_on_the_bus_are_reported_and_the_earlier_ones_are_put_in_order()
    {
        var (a, b, c) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        // Calls, one message per group each: [m1, m2], [m3, m4], then m5 would follow.
        var messages = Messages(("m1", a), ("m2", b), ("m3", a), ("m4", c), ("m5", a));
        eventBridge.NextResponses.Enqueue((HttpStatusCode.OK, PutEventsResponse.Accepted(2)));
        eventBridge.NextResponses.Enqueue((HttpStatusCode.OK, PutEventsResponse.Of(false, true)));
        eventBridge.ResponseBody = PutEventsResponse.Of(false);

        var failures = await path.DeliverAsync(host, SqsBatch(messages));

        // m4 went through in m3's call: its group's earlier messages are all on the bus, so it is
        // not handed back, or the retry would publish it twice (FifoOutboxRelay's remarks).
        Assert.Equal(["m3", "m5"], failures);
        var calls = Calls();
        Assert.Equal([Detail(messages[0].Body), Detail(messages[1].Body)], calls[0]);
        Assert.Equal([Detail(messages[2].Body), Detail(messages[3].Body)], calls[1]);
        Assert.Equal(new OutboxRelayOptions(Bus).MaxPutAttempts + 1, calls.Length);
        Assert.All(calls.Skip(2), retry => Assert.Equal([Detail(messages[2].Body)], retry));
    }

    public sealed class in_process() : when_the_payments_relay_gets_a_fifo_batch(BatchPath.InProcess);

    public sealed class through_the_lambda_entry() : when_the_payments_relay_gets_a_fifo_batch(BatchPath.ThroughTheLambdaEntry);
}
