using System.Text.Json.Nodes;
using System.Text.Json;
using Razors.Contracts;
using Razors.LocalCloud;
using Razors.Lambda.Events;
using Razors.Topology;

namespace Razors.EndToEnd.Tests;

public sealed class when_a_bus_rule_target_always_fails
{
    private const string Bus = "razors-subscription";
    private const string FailingRule = "faults-always-fails";
    private const string FailingFunction = "razors-faults-always-fails";
    private const string DeadLetterQueue = "razors-faults-always-fails-dlq";
    private const string ObserverQueue = "razors-faults-observer";
    private const string ObserverDeadLetterQueue = "razors-faults-observer-dlq";
    private const string Failure = "the warehouse is on fire";

    [Fact]
    public async Task its_events_end_in_its_dlq_with_the_reason_and_another_rule_still_gets_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await FaultHost.StartAsync(
            topology => topology with
            {
                Queues =
                [
                    .. topology.Queues,
                    new QueueDefinition(DeadLetterQueue, FaultHost.Owner),
                    new QueueDefinition(ObserverQueue, FaultHost.Owner),
                    new QueueDefinition(ObserverDeadLetterQueue, FaultHost.Owner),
                ],
                Functions = [.. topology.Functions, new FunctionDefinition(FailingFunction, FaultHost.Owner)],
                Rules =
                [
                    .. topology.Rules,
                    new RuleDefinition(Bus, FailingRule, FaultHost.SubscriptionCreatedPattern,
                        [new FunctionTarget("always-fails", FailingFunction, new RetryPolicy(MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60), DeadLetterQueue)]),
                    new RuleDefinition(Bus, "faults-observer", FaultHost.SubscriptionCreatedPattern,
                        [new QueueTarget("observer", ObserverQueue, RetryPolicy.Default, ObserverDeadLetterQueue)]),
                ],
            },
            new LocalFunctions().AddEventBridgeFunction(FailingFunction, new AlwaysFails()),
            ct);

        Guid[] ids = [await host.CreateSubscriptionAsync("cust-fault-1", ct), await host.CreateSubscriptionAsync("cust-fault-2", ct)];
        await host.WaitUntilIdleAsync(ct);

        var observed = await Admin.QueueMessagesAsync(host.Http, ObserverQueue, ct);
        Assert.Equal(ids.Order(), observed.Select(m => m.Body().AggregateId()).Order());
        Assert.Empty(await Admin.QueueMessagesAsync(host.Http, ObserverDeadLetterQueue, ct));

        var archive = await Admin.BusEventsAsync(host.Http, Bus, ct);
        var deadLettered = await Admin.QueueMessagesAsync(host.Http, DeadLetterQueue, ct);
        Assert.Equal(ids.Order(), deadLettered.Select(m => m.Body().AggregateId()).Order());
        foreach (var message in deadLettered)
        {
            var archived = Assert.Single(archive.ForAggregate(message.Body().AggregateId()).OfType(nameof(SubscriptionCreated)));
            Assert.True(
                JsonNode.DeepEquals(JsonNode.Parse(archived.GetRawText()), JsonNode.Parse(message.GetProperty("body").GetString()!)),
                $"The DLQ body is not the event.\nArchived: {archived}\nDLQ: {message.GetProperty("body")}");
            Assert.Equal($"arn:aws:events:{LocalCloudRuntime.Region}:{LocalCloudRuntime.AccountId}:rule/{Bus}/{FailingRule}", message.MessageAttribute("RULE_ARN"));
            Assert.Equal($"arn:aws:lambda:{LocalCloudRuntime.Region}:{LocalCloudRuntime.AccountId}:function:{FailingFunction}", message.MessageAttribute("TARGET_ARN"));
            Assert.NotEmpty(message.MessageAttribute("ERROR_CODE"));
            Assert.Contains(Failure, message.MessageAttribute("ERROR_MESSAGE"), StringComparison.Ordinal);
            Assert.Equal("MaximumRetryAttempts", message.MessageAttribute("EXHAUSTED_RETRY_CONDITION"));
            Assert.Equal("2", message.MessageAttribute("RETRY_ATTEMPTS"));
        }

        var dlq = await Admin.QueueAsync(host.Http, DeadLetterQueue, ct);
        Assert.True(dlq.GetProperty("deadLetterQueue").GetBoolean());
        Assert.False((await Admin.QueueAsync(host.Http, ObserverQueue, ct)).GetProperty("deadLetterQueue").GetBoolean());
    }

    private sealed class AlwaysFails : IEventBridgeFunction
    {
        public Task HandleAsync(JsonElement busEvent, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Failure);
    }
}
