using Razors.Messaging;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Razors.Aws.EventBridge;
using Razors.Aws.Outbox;
using Razors.Contracts;
using Razors.Messaging.Outbox;
using Razors.Subscription.Lambda;
using Razors.Testing;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests.Compliance;

/// <summary>
/// The subscription service's stream relay (<see cref="DynamoDbOutboxRelay"/>) putting to a real
/// HTTP endpoint that speaks PutEvents.
/// </summary>
public abstract class when_the_subscription_relay_gets_a_stream_batch : IAsyncDisposable
{
    private const string Bus = "razors-subscription-compliance";

    private readonly BatchPath path;
    private readonly StubHttpServer eventBridge = new();
    private readonly LambdaFunctionHost host;

    /// <summary>What the relay marked in the outbox (the table is not the subject here).</summary>
    private RecordingLedger Ledger { get; } = new();

    protected when_the_subscription_relay_gets_a_stream_batch(BatchPath path)
    {
        this.path = path;
        host = SubscriptionFunctionHosts.Relay(
            RelaySettings(Bus),
            services => services
                .AddSingleton<IEventPublisher>(EventBridgeAt(eventBridge.Url))
                .AddSingleton<IOutboxLedger>(Ledger)
                .AddSingleton<IDeadLetterQueue>(new RecordingDeadLetters()));
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await host.DisposeAsync();
        eventBridge.Dispose();
    }

    private static (string SequenceNumber, OutboxRecord Record)[] Inserts(int count) =>
        [.. Enumerable.Range(1, count).Select(n => (Seq(n), Record(new SubscriptionCancelled { SubscriptionId = Guid.CreateVersion7(), Reason = CancellationReasons.CustomerRequested }, $"corr-{n}")))];

    /// <summary>The entries of every PutEvents call, call by call.</summary>
    private JsonArray[] Calls() => [.. eventBridge.Requests.Select(r => JsonNode.Parse(r.Body)!["Entries"]!.AsArray())];

    [Fact]
    public async Task nothing_is_reported_when_the_bus_takes_every_entry_and_the_calls_carry_the_events_in_sequence_order()
    {
        var inserts = Inserts(DynamoDbOutboxRelay.MaxEntriesPerCall + 2);
        eventBridge.NextResponses.Enqueue((HttpStatusCode.OK, PutEventsResponse.Accepted(DynamoDbOutboxRelay.MaxEntriesPerCall)));
        eventBridge.NextResponses.Enqueue((HttpStatusCode.OK, PutEventsResponse.Accepted(2)));

        var failures = await path.DeliverAsync(host, StreamBatch(inserts));

        Assert.Empty(failures);
        var calls = Calls();
        Assert.Equal([DynamoDbOutboxRelay.MaxEntriesPerCall, 2], calls.Select(c => c.Count));
        var entries = calls.SelectMany(c => c).ToArray();
        Assert.Equal(inserts.Select(i => i.Record.Detail), entries.Select(e => e!["Detail"].Text()));
        Assert.Equal(inserts.Select(i => (Bus, i.Record.Source, i.Record.DetailType)),
            entries.Select(e => (e!["EventBusName"].Text(), e["Source"].Text(), e["DetailType"].Text())));
    }

    [Fact]
    public async Task an_entry_the_bus_keeps_failing_is_reported_alone_and_the_later_one_that_went_through_is_not()
    {
        var inserts = Inserts(3);
        eventBridge.NextResponses.Enqueue((HttpStatusCode.OK, PutEventsResponse.Of(true, false, true)));
        eventBridge.ResponseBody = PutEventsResponse.Of(false);

        var failures = await path.DeliverAsync(host, StreamBatch(inserts));

        // The mapping resumes from the lowest failed sequence number: the third record is published
        // again then, which consumers absorb by event id (DynamoDbOutboxRelay's remarks).
        Assert.Equal([Seq(2)], failures);
        var calls = Calls();
        Assert.Equal(new OutboxRelayOptions(Bus).MaxPutAttempts, calls.Length);
        Assert.Equal(inserts.Select(i => i.Record.Detail), calls[0].Select(e => e!["Detail"].Text()));
        Assert.All(calls.Skip(1), retry => Assert.Equal([inserts[1].Record.Detail], retry.Select(e => e!["Detail"].Text())));
    }

    public sealed class in_process() : when_the_subscription_relay_gets_a_stream_batch(BatchPath.InProcess);

    public sealed class through_the_lambda_entry() : when_the_subscription_relay_gets_a_stream_batch(BatchPath.ThroughTheLambdaEntry);
}
