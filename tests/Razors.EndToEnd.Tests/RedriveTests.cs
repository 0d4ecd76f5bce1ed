using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Razors.Aws.EventBridge;
using Razors.Contracts;
using Razors.LocalCloud;
using Razors.Lambda.Events;
using Razors.Messaging;
using Razors.Topology;

namespace Razors.EndToEnd.Tests;

public sealed class when_a_poison_message_is_fixed_and_redriven_from_its_dlq
{
    private const string Function = "razors-faults-worker";
    private const string WorkQueue = "razors-faults-work";
    private const string DeadLetterQueue = "razors-faults-work-dlq";
    private const string RuleDeadLetterQueue = "razors-faults-work-rule-dlq";

    [Fact]
    public async Task it_is_processed_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var worker = new FailsUntilFixed();
        await using var host = await FaultHost.StartAsync(
            topology => topology with
            {
                Queues =
                [
                    .. topology.Queues,
                    new QueueDefinition(DeadLetterQueue, FaultHost.Owner),
                    new QueueDefinition(RuleDeadLetterQueue, FaultHost.Owner),
                    // One receive, then the DLQ; 1 s (the shortest non-zero timeout) hides the
                    // message while the function runs, as any real setting must.
                    new QueueDefinition(WorkQueue, FaultHost.Owner)
                    {
                        VisibilityTimeoutSeconds = 1,
                        Redrive = new RedrivePolicy(DeadLetterQueue, MaxReceiveCount: 1),
                    },
                ],
                Rules =
                [
                    .. topology.Rules,
                    new RuleDefinition(SubscriptionTopology.Bus.Name, "faults-work", FaultHost.SubscriptionCreatedPattern,
                        [new QueueTarget("work", WorkQueue, RetryPolicy.Default, RuleDeadLetterQueue)]),
                ],
                Functions = [.. topology.Functions, new FunctionDefinition(Function, FaultHost.Owner)],
                QueueMappings = [.. topology.QueueMappings, new QueueMappingDefinition(Function, WorkQueue)],
            },
            new LocalFunctions().AddSqsFunction(Function, worker),
            ct);

        var id = await host.CreateSubscriptionAsync("cust-poison-message", ct);
        await host.WaitUntilIdleAsync(ct);

        var poisoned = Assert.Single(await Admin.QueueMessagesAsync(host.Http, DeadLetterQueue, ct));
        var eventId = poisoned.Body().EventId();
        Assert.Equal(id, poisoned.Body().AggregateId());
        Assert.Contains(eventId, worker.Failed);
        Assert.Empty(worker.Processed);

        worker.Fix();
        using var redrive = await host.Http.PostAsync($"/admin/queues/{DeadLetterQueue}/redrive", content: null, ct);
        redrive.EnsureSuccessStatusCode();
        Assert.Equal(1, (await redrive.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("moved").GetInt32());
        await host.WaitUntilIdleAsync(ct);

        Assert.Equal([eventId], worker.Processed);
        Assert.Empty(await Admin.QueueMessagesAsync(host.Http, DeadLetterQueue, ct));
        Assert.Empty(await Admin.QueueMessagesAsync(host.Http, WorkQueue, ct));
        Assert.Empty(await Admin.QueueMessagesAsync(host.Http, RuleDeadLetterQueue, ct));
    }

    /// <summary>A consumer with a bug: it reports every message as failed until it is fixed.</summary>
    private sealed class FailsUntilFixed : ISqsFunction
    {
        private volatile bool isFixed;

        /// <summary><c>metadata.eventId</c> of every event handled successfully, in order.</summary>
        public ConcurrentQueue<Guid> Processed { get; } = new();

        public ConcurrentQueue<Guid> Failed { get; } = new();

        public void Fix() => isFixed = true;

        public Task<SQSBatchResponse> HandleAsync(SQSEvent batch, CancellationToken cancellationToken)
        {
            var response = new SQSBatchResponse();
            foreach (var message in batch.Records)
            {
                using var body = JsonDocument.Parse(message.Body!);
                var eventId = body.RootElement.EventId();
                if (isFixed)
                {
                    Processed.Enqueue(eventId);
                }
                else
                {
                    Failed.Enqueue(eventId);
                    response.BatchItemFailures.Add(new SQSBatchResponse.BatchItemFailure { ItemIdentifier = message.MessageId });
                }
            }

            return Task.FromResult(response);
        }
    }
}

/// <summary>
/// The services' own consumers (shared/Lambda/SqsEventQueueFunction.cs) with an event of a version
/// they do not read: it goes to each consumer's DLQ at once with the reason, nothing is handled, and
/// a redrive takes it back to the queue it came from (the consumer sent it, so it names no source).
/// </summary>
public sealed class when_an_event_of_an_unknown_version_reaches_the_consumers
{
    [Fact]
    public async Task each_consumer_dead_letters_it_with_the_reason_and_a_redrive_returns_it_to_its_queue()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await FaultHost.StartAsync(topology => topology, new LocalFunctions(), ct);
        var unitsBefore = await Saga.UnitsOnHandAsync(host.Http, "razor-classic", ct);
        var subscriptionId = Guid.CreateVersion7();
        var detail = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["eventId"] = Guid.CreateVersion7().ToString(),
                ["eventType"] = "razors.subscription.created.v2",
                ["occurredAt"] = "2026-12-01T10:00:00Z",
                ["correlationId"] = subscriptionId.ToString(),
                ["aggregateId"] = subscriptionId.ToString(),
                ["aggregateVersion"] = 1,
            },
            ["data"] = new JsonObject
            {
                ["subscriptionId"] = subscriptionId.ToString(), ["customerId"] = "cust-v2", ["productId"] = "razor-classic",
                ["unitsPerMonth"] = 1, ["months"] = 12, ["monthlyPrice"] = 9.99m, ["currency"] = "GBP",
            },
        };
        var put = await host.Host.Cloud.EventBridge.PutEventsAsync(
            new PutEventsRequest
            {
                Entries =
                [
                    new PutEventsRequestEntry
                    {
                        EventBusName = SubscriptionTopology.Bus.Name, Source = EventSources.Subscription,
                        DetailType = nameof(SubscriptionCreated), Detail = detail.ToJsonString(),
                    },
                ],
            },
            ct);
        Assert.Equal(0, put.FailedEntryCount);
        await host.WaitUntilIdleAsync(ct);

        const string reason = "Unknown event type 'razors.subscription.created.v2' for detail-type 'SubscriptionCreated'; this consumer reads razors.subscription.created.v1.";
        foreach (var deadLetters in new[] { StockTopology.InboundDeadLetterQueue.Name, PaymentsTopology.InboundDeadLetterQueue.Name })
        {
            var letter = Assert.Single(await Admin.QueueMessagesAsync(host.Http, deadLetters, ct));
            Assert.Equal(reason, letter.MessageAttribute(DeadLetter.ReasonAttribute));
            Assert.Equal(subscriptionId, letter.Body().AggregateId());
        }

        Assert.Equal(unitsBefore, await Saga.UnitsOnHandAsync(host.Http, "razor-classic", ct));
        Assert.Empty(await Admin.QueueMessagesAsync(host.Http, StockTopology.Inbound.Name, ct));

        using var redrive = await host.Http.PostAsync($"/admin/queues/{StockTopology.InboundDeadLetterQueue.Name}/redrive", content: null, ct);
        redrive.EnsureSuccessStatusCode();
        Assert.Equal(1, (await redrive.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("moved").GetInt32());
        await host.WaitUntilIdleAsync(ct);

        // Back through the stock consumer, which still cannot read it: in the DLQ again, with the reason.
        Assert.Equal(reason, Assert.Single(await Admin.QueueMessagesAsync(host.Http, StockTopology.InboundDeadLetterQueue.Name, ct))
            .MessageAttribute(DeadLetter.ReasonAttribute));
    }
}
