using System.Text.Json;
using Microsoft.Extensions.Logging;
using Razors.Aws.EventBridge;
using Razors.Lambda.Events;
using Razors.LocalCloud.Queues;
using Razors.LocalCloud.Storage;
using Razors.Topology;

namespace Razors.LocalCloud.Buses;

/// <summary>
/// EventBridge on one machine (docs/aws-semantics.md §5): buses, rules with event patterns, queue,
/// bus, function and delivery-stream targets with retry policies and DLQs, an archive per bus, and replay.
/// </summary>
/// <remarks>
/// An entry is reported successful only after it is archived and one pending delivery per
/// matching rule target is committed, in one SQLite transaction. <see cref="RunAsync"/> (or
/// <see cref="DispatchDueAsync"/> in tests) then delivers them, at least once.
/// </remarks>
public sealed class LocalEventBridge : IEventPublisher, IDisposable
{
    public const string DefaultBus = "default";

    // PutEvents takes 1–10 entries (API_PutEvents).
    private const int MaxEntriesPerCall = 10;

    private readonly LocalEventBridgeOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly BusCatalog catalog;
    private readonly BusStore store;
    private readonly DeliveryDispatcher dispatcher;

    public LocalEventBridge(
        LocalCloudDatabase database,
        IQueueService queues,
        Func<string, IEventBridgeFunction?> functions,
        TimeProvider time,
        ILogger<LocalEventBridge> logger,
        LocalEventBridgeOptions? options = null,
        Func<string, LocalDeliveryStreamAppender?>? deliveryStreams = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.options = options ?? new LocalEventBridgeOptions();
        this.time = time;
        this.logger = logger;
        var arns = new LocalArns(this.options.Region, this.options.AccountId);
        catalog = new BusCatalog(database, arns);
        store = new BusStore(database);
        var invoker = new TargetInvoker(queues, functions, Forward, deliveryStreams ?? (_ => null));
        dispatcher = new DeliveryDispatcher(store, invoker, queues, arns, this.options, time, logger);
    }

    /// <summary>Creates the bus, or updates it if it exists (a host declares its topology on every start).</summary>
    public void CreateEventBus(BusDefinition bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        catalog.CreateBus(bus);
    }

    /// <summary>
    /// Creates or replaces a rule with its targets. Throws <see cref="LocalEventBridgeException"/>
    /// for an unknown bus, an invalid pattern (with the parser's reason) or an invalid target.
    /// </summary>
    public void PutRule(RuleDefinition rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        catalog.PutRule(rule);
    }

    public IReadOnlyList<BusDefinition> ListEventBuses() => catalog.Buses;

    public IReadOnlyList<RuleDefinition> ListRules(string bus) => catalog.Rules(bus);

    /// <summary>Deliveries accepted but not yet delivered or dead-lettered (zero when the buses are idle).</summary>
    public int PendingDeliveryCount => store.PendingCount();

    public Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (request.Entries is not { Count: >= 1 and <= MaxEntriesPerCall })
        {
            throw new LocalEventBridgeException(
                "ValidationException",
                $"1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and {MaxEntriesPerCall}");
        }

        // One id per call and entry, never reused: a retried PutEvents gets new ids (docs/aws-semantics.md §5).
        var response = new PutEventsResponse();
        foreach (var entry in request.Entries)
        {
            var result = Put(entry);
            response.Entries.Add(result);
            if (result.ErrorCode is not null)
            {
                response.FailedEntryCount++;
            }
        }

        return Task.FromResult(response);
    }

    /// <summary>Delivers every delivery that is due now, once each; returns how many it handled.</summary>
    public Task<int> DispatchDueAsync(CancellationToken cancellationToken) => dispatcher.DispatchDueAsync(cancellationToken);

    /// <summary>Delivers until cancelled: wakes when deliveries are committed, otherwise when the next retry is due.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => dispatcher.RunAsync(cancellationToken);

    /// <summary>Archived events of a bus with <paramref name="from"/> ≤ time &lt; <paramref name="to"/>, oldest first.</summary>
    public IReadOnlyList<ArchivedEvent> ReadArchive(string bus, DateTimeOffset? from, DateTimeOffset? to, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        return store.ReadArchive(bus, from, to, max);
    }

    /// <summary>Deletes archived events past their bus's retention (<see cref="RunAsync"/> does this hourly).</summary>
    public int PurgeExpiredArchives() => store.PurgeArchives(time.GetUtcNow());

    /// <summary>
    /// Replays the bus's archived events with <paramref name="start"/> ≤ time &lt; <paramref name="end"/>
    /// to the same bus's rules (all, or those named), each with a top-level <c>replay-name</c>.
    /// Replayed events are not archived again.
    /// </summary>
    public ReplayState StartReplay(string name, string bus, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<string>? ruleNames = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!catalog.Exists(bus))
        {
            throw new LocalEventBridgeException("ResourceNotFoundException", $"Event bus {bus} does not exist.");
        }

        if (end <= start)
        {
            throw new LocalEventBridgeException("ValidationException", "EventEndTime must be after EventStartTime.");
        }

        if (ruleNames?.FirstOrDefault(rule => !catalog.HasRule(bus, rule)) is { } unknown)
        {
            throw new LocalEventBridgeException("ResourceNotFoundException", $"Rule {unknown} does not exist on event bus {bus}.");
        }

        // A replayed delivery's event age counts from the replay, not from the original put.
        var state = store.Replay(name, bus, start, end, ruleNames, time.GetUtcNow(), archived =>
        {
            var json = BusEvents.WithReplayName(archived.Json, name);
            using var document = JsonDocument.Parse(json, BusEvents.EventReadOptions);
            return (json, catalog.Routes(bus, document.RootElement, ruleNames, archived.ForwardedFrom is not null));
        });
        logger.Replayed(name, bus, state.EventsReplayed, state.DeliveriesScheduled);
        dispatcher.Wake();
        return state;
    }

    public ReplayState? DescribeReplay(string name)
    {
        var replays = store.Replays(name);
        return replays.Count == 0 ? null : replays[0];
    }

    public IReadOnlyList<ReplayState> ListReplays() => store.Replays(null);

    public void Dispose() => dispatcher.Dispose();

    private PutEventsResultEntry Put(PutEventsRequestEntry entry)
    {
        if (BusEvents.Check(entry, options.MaxEntrySizeBytes) is { } error)
        {
            return new PutEventsResultEntry { ErrorCode = error.ErrorCode, ErrorMessage = error.ErrorMessage };
        }

        var bus = BusName(entry.EventBusName);
        if (!catalog.Exists(bus))
        {
            return new PutEventsResultEntry { ErrorCode = "ResourceNotFoundException", ErrorMessage = $"Event bus {bus} does not exist." };
        }

        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        var eventTime = BusEvents.WholeSeconds(entry.Time is { } t ? BusEvents.EntryTime(t) : now);
        var json = BusEvents.Create(entry, id, eventTime, options.AccountId, options.Region);
        Accept(bus, new AcceptedEvent(id, eventTime, json, ForwardedFrom: null));
        return new PutEventsResultEntry { EventId = id };
    }

    /// <summary>A bus target's delivery: the same event (id, time, account, detail) accepted on another bus.</summary>
    private bool Forward(string bus, string eventJson, string fromBus)
    {
        if (!catalog.Exists(bus))
        {
            return false;
        }

        using var document = JsonDocument.Parse(eventJson, BusEvents.EventReadOptions);
        var root = document.RootElement;
        var accepted = new AcceptedEvent(
            root.GetProperty("id").GetString()!, BusEvents.ParseTime(root.GetProperty("time").GetString()!), eventJson, fromBus);
        Accept(bus, accepted);
        return true;
    }

    private void Accept(string bus, AcceptedEvent accepted)
    {
        IReadOnlyList<Route> routes;
        using (var document = JsonDocument.Parse(accepted.Json, BusEvents.EventReadOptions))
        {
            routes = catalog.Routes(bus, document.RootElement, ruleNames: null, forwarded: accepted.ForwardedFrom is not null);
        }

        store.Accept(bus, accepted, routes, time.GetUtcNow());
        if (routes.Count > 0)
        {
            dispatcher.Wake();
        }
    }

    // PutEvents takes a bus name or ARN; no name means the default bus.
    private static string BusName(string? nameOrArn) => nameOrArn switch
    {
        null or "" => DefaultBus,
        _ when LocalArns.IsBusArn(nameOrArn)
            => nameOrArn[(nameOrArn.IndexOf(":event-bus/", StringComparison.Ordinal) + ":event-bus/".Length)..],
        _ => nameOrArn,
    };
}
