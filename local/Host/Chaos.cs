using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.EventBridge;
using Razors.Aws.DynamoDb;
using Razors.Contracts;
using Razors.LocalCloud;
using Razors.LocalCloud.Queues;
using Razors.Messaging.Consumers;
using Razors.Topology;

namespace Razors.LocalHost;

/// <summary>
/// What <c>razors chaos</c> (tools/Razors.Cli/Chaos) asks of the host it supervises: every retry
/// interval, visibility timeout, sweep and deadline shrunk by one <see cref="Factor"/>, so a short
/// run still outlasts every bound that used to end in loss, and fault switches behind
/// <c>/admin/chaos</c>. Off unless the host is started with <c>--chaos</c>.
/// </summary>
public sealed record ChaosOptions(int Factor)
{
    public const int MaxFactor = 3600;

    /// <summary>The options with every time bound divided by <see cref="Factor"/> (a queue's visibility timeout at least a second).</summary>
    public LocalHostOptions Scale(LocalHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Chaos = this,
            Topology = options.Topology with
            {
                Queues = [.. options.Topology.Queues.Select(q => q with { VisibilityTimeoutSeconds = Math.Max(1, q.VisibilityTimeoutSeconds / Factor) })],
            },
            OutboxSweeper = options.OutboxSweeper with
            {
                Interval = options.OutboxSweeper.Interval / Factor,
                GracePeriod = options.OutboxSweeper.GracePeriod / Factor,
            },
            SagaDeadline = options.SagaDeadline with { Deadline = options.SagaDeadline.Deadline / Factor },
            SagaDeadlineInterval = options.SagaDeadlineInterval / Factor,
        };
    }
}

/// <summary>The faults a chaos run switches on, each until a moment (UTC); a restarted host is told again.</summary>
public sealed class ChaosSwitches(TimeProvider time)
{
    /// <summary>The text every deliberate consumer failure carries, so a run can tell its dead letters from the rest.</summary>
    public const string ConsumerFailure = "chaos: the payments consumer fails on purpose";

    private long busDownUntil;
    private long consumerFailingUntil;

    public bool BusDown => time.GetUtcNow().UtcTicks < Interlocked.Read(ref busDownUntil);

    public bool ConsumerFailing => time.GetUtcNow().UtcTicks < Interlocked.Read(ref consumerFailingUntil);

    public void Set(DateTimeOffset? busDown, DateTimeOffset? consumerFailing)
    {
        if (busDown is { } bus)
        {
            Interlocked.Exchange(ref busDownUntil, bus.UtcTicks);
        }

        if (consumerFailing is { } consumer)
        {
            Interlocked.Exchange(ref consumerFailingUntil, consumer.UtcTicks);
        }
    }
}

/// <summary>The buses as the relays see them: while <see cref="ChaosSwitches.BusDown"/>, every PutEvents is refused as EventBridge refuses it in an outage.</summary>
internal sealed class ChaosEventPublisher(IEventPublisher bus, ChaosSwitches switches) : IEventPublisher
{
    public Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default) =>
        !switches.BusDown
            ? bus.PutEventsAsync(request, cancellationToken)
            : throw new AmazonEventBridgeException("ServiceUnavailable", "chaos: the bus refuses every PutEvents", 503);
}

/// <summary>A consumer's handler that fails while <see cref="ChaosSwitches.ConsumerFailing"/>, as a bad deployment would.</summary>
internal sealed class ChaosFailingHandler<T>(IEventHandler<T> handler, ChaosSwitches switches) : IEventHandler<T>
    where T : class
{
    public Task HandleAsync(EventEnvelope<T> envelope, CancellationToken cancellationToken) =>
        switches.ConsumerFailing ? throw new InvalidOperationException(ChaosSwitches.ConsumerFailure) : handler.HandleAsync(envelope, cancellationToken);
}

/// <summary><c>/admin/chaos</c>: switch faults on until a moment, and plant poison where a bad deployment or a stranger would.</summary>
internal static class ChaosApi
{
    /// <summary>Marks every planted poison, so a run can tell it from anything else in a DLQ.</summary>
    public const string PoisonMarker = "chaos-poison-";

    public static IEndpointRouteBuilder MapChaosApi(this IEndpointRouteBuilder routes)
    {
        var chaos = routes.MapGroup("/admin/chaos");
        chaos.MapPost("/faults", (FaultsRequest request, ChaosSwitches switches) =>
        {
            switches.Set(request.BusDownUntil, request.ConsumerFailingUntil);
            return Results.Json(new { busDown = switches.BusDown, consumerFailing = switches.ConsumerFailing });
        });
        chaos.MapPost("/poison/{kind}", async (string kind, IServiceProvider services, LocalCloudRuntime cloud, CancellationToken ct) =>
        {
            var marker = PoisonMarker + Guid.CreateVersion7().ToString("D");
            switch (kind)
            {
                case "outbox-record":
                    await PlantUnreadableOutboxRecordAsync(services.GetRequiredService<IAmazonDynamoDB>(), marker, ct);
                    break;
                case "unknown-version":
                    await PutUnknownVersionAsync(cloud, marker, ct);
                    break;
                case "malformed-message":
                    cloud.Queues.SendMessage(StockTopology.Inbound.Name, new OutgoingMessage(marker + " {this is not an event"));
                    break;
                default:
                    return Results.Problem(
                        statusCode: 404, title: "No such poison",
                        detail: $"'{kind}' is not a poison this host plants: use outbox-record, unknown-version or malformed-message.");
            }

            return Results.Json(new { kind, marker });
        });
        return routes;
    }

    /// <summary>An outbox item without its detail, written by hand as a bad deployment might; the relay can never publish it.</summary>
    private static Task<PutItemResponse> PlantUnreadableOutboxRecordAsync(IAmazonDynamoDB dynamoDb, string marker, CancellationToken ct) =>
        dynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = SubscriptionTopology.Table.Name,
            Item = new()
            {
                [OutboxItem.PartitionKey] = new() { S = OutboxItem.PartitionKeyPrefix + marker },
                [OutboxItem.SortKey] = new() { S = OutboxItem.SortKeyValue },
                [OutboxItem.Kind] = new() { S = OutboxItem.KindValue },
                [OutboxItem.Source] = new() { S = EventSources.Subscription },
                [OutboxItem.DetailType] = new() { S = nameof(SubscriptionCreated) },
                [OutboxItem.OccurredAt] = new() { S = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) },
                [OutboxItem.Pending] = new() { S = "0" },
            },
        }, ct);

    /// <summary>A <c>SubscriptionCreated</c> of a version no consumer reads, straight onto the subscription bus.</summary>
    private static Task<PutEventsResponse> PutUnknownVersionAsync(LocalCloudRuntime cloud, string marker, CancellationToken ct)
    {
        var detail = new JsonObject
        {
            ["metadata"] = new JsonObject { ["eventId"] = marker, ["eventType"] = EventTypes.Of<SubscriptionCreated>().Id + ".v99" },
            ["data"] = new JsonObject { ["subscriptionId"] = Guid.CreateVersion7() },
        };
        return cloud.EventBridge.PutEventsAsync(
            new PutEventsRequest
            {
                Entries =
                [
                    new PutEventsRequestEntry
                    {
                        EventBusName = SubscriptionTopology.Bus.Name,
                        Source = EventSources.Subscription,
                        DetailType = nameof(SubscriptionCreated),
                        Detail = detail.ToJsonString(),
                    },
                ],
            },
            ct);
    }

    internal sealed record FaultsRequest(DateTimeOffset? BusDownUntil, DateTimeOffset? ConsumerFailingUntil);
}
