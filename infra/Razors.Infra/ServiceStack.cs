using Amazon.CDK;
using Constructs;
using Razors.Topology;
using Function = Amazon.CDK.AWS.Lambda.Function;

namespace Razors.Infra;

/// <summary>
/// One service's stack, composed from the topology entries it owns: its alarm topic, its queues,
/// its tables, its upload buckets, the event lake's bucket (for the service that owns the lake),
/// its bus with its delivery stream into the lake, its functions by how they are fed (stream,
/// queue, schedule, HTTP API), mail through SES for a service that sends mail and, for a service
/// that declares a worker, the DocumentDB platform. Peers and the lake are named by ARN.
/// </summary>
/// <remarks>
/// The patterns add their resources to the stack itself rather than to a construct of their own: a
/// construct's id would enter every child's path, from which CDK makes the logical ids (and the ids
/// of event-source mappings and Lambda permissions, through <c>Names.nodeUniqueId</c>), and a
/// changed logical id makes CloudFormation replace the resource, a table included
/// (https://docs.aws.amazon.com/cdk/v2/guide/identifiers.html#identifiers_logical_ids).
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A CDK stack, not a collection.")]
public sealed class ServiceStack : Stack
{
    public ServiceStack(Construct scope, ServiceSpec spec, TopologyDefinition topology, InfraSettings settings, string repositoryRoot)
        : base(scope, spec?.StackName, new StackProps { Description = $"Razors {spec?.Service} service." })
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(settings);
        Amazon.CDK.Tags.Of(this).Add("razors:service", spec.Service);
        bool Owned(string ownerService) => ownerService == spec.Service;

        var alarms = new AlarmTopic(this, spec.Service, settings);
        var queues = QueueWithDlq.AddAll(this, topology.Queues.Where(q => Owned(q.OwnerService)), topology, alarms);
        var tables = topology.Tables.Where(t => Owned(t.OwnerService)).ToDictionary(t => t.Name, t => ServiceTable.Add(this, t), StringComparer.Ordinal);
        var buckets = topology.Buckets.Where(b => Owned(b.OwnerService)).ToDictionary(b => b.Name, b => UploadBucket.Add(this, b, queues[b.NotificationQueue]), StringComparer.Ordinal);
        var lakeBucket = topology.Lake is { } ownedLake && Owned(ownedLake.OwnerService) ? LakeBucket.Add(this, ownedLake, topology, settings) : null;
        var deliveryStreams = topology.DeliveryStreams.Where(d => Owned(d.OwnerService)).ToDictionary(
            d => d.Name,
            d => LakeDelivery.Add(this, d, topology.Lake ?? throw new InvalidOperationException($"The delivery stream {d.Name} has no lake to write to."), settings, alarms, lakeBucket),
            StringComparer.Ordinal);
        var bus = new ServiceBus(this, topology.Buses.Single(b => Owned(b.OwnerService)), topology, settings, queues);
        var mail = spec.Mail is { } mailSpec ? new SesSmtpMail(this, mailSpec) : null;
        if (topology.Workers.SingleOrDefault(w => Owned(w.OwnerService)) is { } worker)
        {
            // The worker sends the outbox records to the queue the relay reads, and what it can never send to that queue's DLQ.
            var workerRelay = spec.Relay ?? throw new InvalidOperationException($"{spec.Service} has a worker but no relay to read what it sends.");
            var outbox = topology.QueueMappings.Single(m => m.Function == workerRelay.Name).Queue;
            var outboxDeadLetters = topology.Queues.Single(q => q.Name == outbox).Redrive?.DeadLetterQueue
                ?? throw new InvalidOperationException($"The worker's queue {outbox} has no DLQ.");
            Payments = new PaymentsPlatform(this, "Platform", worker, queues[outbox], queues[outboxDeadLetters], settings.WorkerImageTag);
        }

        // The relay puts events on the bus, with reserved concurrency, and so does the outbox sweeper on
        // its schedule; a function with uses of its own (spec.Uses) has those; every other function (the
        // saga deadline on its schedule too) uses the service's store.
        var relay = new FunctionAccess().PutsEventsOn(bus.EventBus);
        var store = new FunctionAccess();
        if (tables.Count > 0)
        {
            var setting = spec.TableSetting ?? throw new InvalidOperationException($"{spec.Service} has a table but no setting that names it.");
            if (spec.Relay is { } relayFunction)
            {
                // The service's own table holds the outbox, so its stream is the one that feeds the relay.
                var outbox = topology.StreamMappings.SingleOrDefault(m => m.Function == relayFunction.Name)
                    ?? throw new InvalidOperationException($"{spec.Service} has tables but its relay reads no table's stream, so none is the service's own.");
                relay.NamesTable(tables[outbox.Table], setting);
                relay.SettlesOutbox(tables[outbox.Table], queues[outbox.OnFailureQueue]);
                store.ReadsAndWrites(tables[outbox.Table], setting);
            }
            else
            {
                // A service that raises no events keeps no outbox: its store is its one table.
                var own = tables.Count == 1 ? tables.Values.Single()
                    : throw new InvalidOperationException($"{spec.Service} has no relay and {tables.Count} tables, so none is the service's own.");
                store.ReadsAndWrites(own, setting);
            }
        }

        if (spec.Relay is { } queueRelay
            && topology.QueueMappings.SingleOrDefault(m => m.Function == queueRelay.Name) is { } relayFeed
            && topology.Queues.Single(q => q.Name == relayFeed.Queue).Redrive is { } redrive)
        {
            // A FIFO relay sends what it can never publish to its queue's DLQ itself.
            relay.DeadLettersTo(queues[redrive.DeadLetterQueue]);
        }

        if (Payments is not null)
        {
            store.UsesDatabase(Payments);
        }

        var assets = new LambdaAssets(repositoryRoot);
        var functions = new Dictionary<string, Function>(StringComparer.Ordinal);
        foreach (var function in topology.Functions.Where(f => Owned(f.OwnerService)))
        {
            var schedule = topology.Schedules.SingleOrDefault(s => s.Function == function.Name);
            var (access, reserved) = function.Name == spec.Relay?.Name ? (relay, settings.RelayConcurrency)
                : function.Name == spec.Sweeper?.Name ? (relay, (int?)null)
                : (AccessOf(function), (int?)null);
            functions[function.Name] =
                schedule is not null
                    ? ScheduledFunction.Add(this, function, schedule, assets, access)
                : topology.StreamMappings.SingleOrDefault(m => m.Function == function.Name) is { } stream
                    ? StreamRelay.Add(this, function, stream, tables[stream.Table], queues[stream.OnFailureQueue], assets, access, reserved)
                : topology.QueueMappings.SingleOrDefault(m => m.Function == function.Name) is { } feed
                    ? QueueConsumer.Add(this, function, feed, queues[feed.Queue], assets, ConsumerAccess(access, feed), reserved)
                : ServiceFunction.Add(this, function, assets, access, reserved);
        }

        foreach (var api in topology.HttpApis.Where(a => Owned(a.OwnerService)))
        {
            functions[api.Function.Name] = ServiceHttpApi.Add(this, api, assets, AccessOf(api.Function), settings);
        }

        bus.Connect(spec.Relay is { } publisher ? functions[publisher.Name] : null, functions, deliveryStreams);
        foreach (var sender in spec.Mail?.Senders.Where(f => !functions.ContainsKey(f.Name)) ?? [])
        {
            throw new InvalidOperationException($"{sender.Name} sends mail but is no function of {spec.Service}.");
        }

        foreach (var project in functions.Keys.Where(f => f != spec.Relay?.Name).Select(f => Project(topology, f)).Distinct())
        {
            Payments?.WarnWithoutCaBundle(repositoryRoot, project);
        }

        // A mail sender gets the mail settings and the SMTP credentials on top of its other access.
        FunctionAccess AccessOf(FunctionDefinition function) =>
            mail is not null && mail.Spec.Senders.Any(f => f.Name == function.Name) ? UsesOf(function).SendingMailThrough(mail) : UsesOf(function);

        FunctionAccess UsesOf(FunctionDefinition function)
        {
            var uses = spec.Uses.Where(u => u.Function.Name == function.Name).ToList();
            if (uses.Count == 0)
            {
                return store;
            }

            var access = new FunctionAccess();
            foreach (var use in uses)
            {
                _ = use.Access switch
                {
                    ResourceAccess.ReadData => access.Reads(Find(tables, use), use.Setting),
                    ResourceAccess.ReadWriteData => access.ReadsAndWrites(Find(tables, use), use.Setting),
                    ResourceAccess.SendMessages => access.SendsTo(Find(queues, use), use.Setting),
                    ResourceAccess.GetObjects => access.GetsObjectsFrom(Find(buckets, use), use.Setting),
                    ResourceAccess.PutObjects => access.PutsObjectsIn(Find(buckets, use), use.Setting),
                    _ => throw new NotSupportedException($"{function.Name}: no grant for {use.Access} on {use.Resource}."),
                };
            }

            return access;
        }

        T Find<T>(IReadOnlyDictionary<string, T> owned, ResourceUse use) => owned.TryGetValue(use.Resource, out var resource)
            ? resource
            : throw new InvalidOperationException($"{use.Function.Name} uses {use.Resource} ({use.Access}), which is no {typeof(T).Name} of {spec.Service}.");

        // A consumer dead-letters what fails for good with the reason (shared/Lambda/SqsEventQueueFunction.cs); a relay has its own DLQ setting.
        FunctionAccess ConsumerAccess(FunctionAccess access, QueueMappingDefinition feed) =>
            feed.Function == spec.Relay?.Name || topology.Queues.Single(q => q.Name == feed.Queue).Redrive is not { } redrive
                ? access
                : access.ConsumingFrom(queues[feed.Queue], queues[redrive.DeadLetterQueue], redrive.MaxReceiveCount);
    }

    /// <summary>The VPC, DocumentDB cluster and change-stream worker of a service that declares a worker.</summary>
    public PaymentsPlatform? Payments { get; }

    private static string Project(TopologyDefinition topology, string function) =>
        topology.Functions.Concat(topology.HttpApis.Select(a => a.Function)).Single(f => f.Name == function).Code!.Project;
}
