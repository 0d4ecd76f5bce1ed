using System.Text.Json.Nodes;
using Razors.Contracts;
using Razors.LocalCloud.Patterns;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.Topology;

/// <summary>The one declaration is consistent: every name it uses exists, and every rule routes real events.</summary>
public sealed class the_razors_topology
{
    private static readonly TopologyDefinition Topology = RazorsTopology.Build();

    public static TheoryData<string> RuleNames() => [.. Topology.Rules.Select(r => $"{r.Bus}/{r.Name}")];

    /// <summary>The event as a bus sees it: what a rule's pattern is matched against.</summary>
    private static string BusEvent(EventType type) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = type.DetailType,
        ["source"] = type.Source,
        ["account"] = "000000000000",
        ["time"] = "2026-11-23T09:30:15Z",
        ["region"] = "local",
        ["resources"] = new JsonArray(),
        ["detail"] = new JsonObject { ["metadata"] = new JsonObject { ["eventType"] = type.Id }, ["data"] = new JsonObject() },
    }.ToJsonString();

    private static RuleDefinition Rule(string name) => Topology.Rules.Single(r => $"{r.Bus}/{r.Name}" == name);

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void every_rule_pattern_is_valid_and_matches_at_least_one_event_razors_emits(string rule)
    {
        var pattern = EventPattern.Parse(Rule(rule).EventPattern);

        Assert.Contains(EventTypes.All, type => pattern.Matches(BusEvent(type)));
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void every_rule_target_names_a_declared_resource_and_a_declared_standard_dlq(string rule)
    {
        foreach (var target in Rule(rule).Targets)
        {
            var declared = target switch
            {
                BusTarget bus => Topology.Buses.Any(b => b.Name == bus.Bus),
                QueueTarget queue => Topology.Queues.Any(q => q.Name == queue.Queue),
                FunctionTarget function => Topology.Functions.Any(f => f.Name == function.Function),
                DeliveryStreamTarget stream => Topology.DeliveryStreams.Any(s => s.Name == stream.DeliveryStream && s.Bus == Rule(rule).Bus),
                _ => false,
            };
            Assert.True(declared, $"{rule} → {target.Id} names nothing declared.");
            var dlq = Topology.Queues.SingleOrDefault(q => q.Name == target.DeadLetterQueue);
            Assert.True(dlq is { Fifo: false }, $"{rule} → {target.Id}: DLQ {target.DeadLetterQueue} must be a declared standard queue.");
        }
    }

    [Fact]
    public void every_bus_keeps_every_event_razors_emits_in_the_lake()
    {
        foreach (var bus in Topology.Buses)
        {
            var lakeRules = Topology.Rules.Where(r => r.Bus == bus.Name && r.Targets.Any(t => t is DeliveryStreamTarget)).ToList();
            var pattern = EventPattern.Parse(Assert.Single(lakeRules).EventPattern);
            Assert.All(EventTypes.All, type => Assert.True(pattern.Matches(BusEvent(type)), $"{bus.Name}'s lake rule misses {type.Source} {type.DetailType}."));
            Assert.False(pattern.Matches(BusEvent(new EventType("aws.s3.created", "Object Created", "aws.s3", typeof(object)))), $"{bus.Name}'s lake rule keeps events that are not Razors'.");
        }
    }

    [Fact]
    public void a_rule_consuming_another_services_event_has_that_event_forwarded_to_its_bus()
    {
        var busOwners = Topology.Buses.ToDictionary(b => b.Name, b => b.OwnerService);
        foreach (var rule in Topology.Rules.Where(r => r.Targets.Any(t => t is QueueTarget)))
        {
            var pattern = EventPattern.Parse(rule.EventPattern);
            foreach (var type in EventTypes.All.Where(t => pattern.Matches(BusEvent(t)) && t.Source != $"razors.{busOwners[rule.Bus]}"))
            {
                var forwarded = Topology.Rules.Any(r =>
                    r.Targets.OfType<BusTarget>().Any(t => t.Bus == rule.Bus)
                    && EventPattern.Parse(r.EventPattern).Matches(BusEvent(type)));
                Assert.True(forwarded, $"{rule.Name} consumes {type.DetailType} on {rule.Bus}, but no rule forwards it there.");
            }
        }
    }

    [Fact]
    public void every_queue_redrives_to_a_declared_dlq_of_its_own_kind()
    {
        foreach (var queue in Topology.Queues.Where(q => q.Redrive is not null))
        {
            var dlq = Topology.Queues.SingleOrDefault(q => q.Name == queue.Redrive!.DeadLetterQueue);
            Assert.True(dlq is not null && dlq.Fifo == queue.Fifo, $"{queue.Name}: DLQ {queue.Redrive!.DeadLetterQueue} must be declared and of the same kind.");
        }
    }

    [Fact]
    public void every_function_is_fed_by_exactly_one_mapping_or_target()
    {
        foreach (var function in Topology.Functions)
        {
            var feeds = Topology.StreamMappings.Count(m => m.Function == function.Name)
                + Topology.QueueMappings.Count(m => m.Function == function.Name)
                + Topology.Schedules.Count(s => s.Function == function.Name)
                + Topology.Rules.SelectMany(r => r.Targets).OfType<FunctionTarget>().Count(t => t.Function == function.Name);
            Assert.True(feeds == 1, $"{function.Name} is fed by {feeds} mappings or targets.");
        }
    }

    [Fact]
    public void every_mapping_reads_a_declared_table_or_queue_and_fails_into_a_declared_standard_queue()
    {
        foreach (var mapping in Topology.StreamMappings)
        {
            Assert.Contains(Topology.Tables, t => t.Name == mapping.Table && t.StreamViewType is not null);
            // Lambda's on-failure destination for a stream must be a standard queue.
            Assert.Contains(Topology.Queues, q => q.Name == mapping.OnFailureQueue && !q.Fifo);
            Assert.NotNull(EventPattern.Parse(mapping.FilterPattern!));
        }

        foreach (var mapping in Topology.QueueMappings)
        {
            Assert.Contains(Topology.Queues, q => q.Name == mapping.Queue && q.Redrive is not null);
        }
    }

    [Fact]
    public void names_are_unique()
    {
        Assert.Equal(Topology.Buses.Count, Topology.Buses.Select(b => b.Name).Distinct().Count());
        Assert.Equal(Topology.Queues.Count, Topology.Queues.Select(q => q.Name).Distinct().Count());
        Assert.Equal(Topology.Functions.Count, Topology.Functions.Select(f => f.Name).Distinct().Count());
        Assert.Equal(Topology.Rules.Count, Topology.Rules.Select(r => (r.Bus, r.Name)).Distinct().Count());
    }

    [Fact]
    public void every_cloud_function_has_code_in_its_own_services_lambda_project()
    {
        var functions = Topology.Functions.Concat(Topology.HttpApis.Select(a => a.Function)).ToList();
        Assert.Equal(functions.Count, functions.Select(f => f.Name).Distinct().Count());
        foreach (var function in functions)
        {
            Assert.True(function.Code is not null, $"{function.Name} has no Lambda code.");
            Assert.StartsWith($"services/{function.OwnerService}/{function.Code.Assembly}/", function.Code.Project, StringComparison.Ordinal);
            Assert.Matches(@"^Razors\.\w+\.Lambda::Razors\.\w+\.Lambda\.Functions::\w+$", function.Code.Handler);
            Assert.True(File.Exists(Path.Combine(RepositoryRoot, function.Code.Project)), $"{function.Name}: {function.Code.Project} does not exist.");
        }
    }

    [Fact]
    public void every_service_but_notifications_has_one_http_api_and_every_worker_project_exists()
    {
        // Notifications serves nobody: it only consumes and mails.
        Assert.Equal(
            Topology.Buses.Select(b => b.OwnerService).Where(s => s != NotificationsTopology.Service).Order(),
            Topology.HttpApis.Select(a => a.OwnerService).Order());
        foreach (var worker in Topology.Workers)
        {
            Assert.True(File.Exists(Path.Combine(RepositoryRoot, worker.Project)), $"{worker.Name}: {worker.Project} does not exist.");
            Assert.EndsWith($"/{worker.Assembly}.csproj", worker.Project, StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot => Razors.Topology.RepositoryRoot.Find(AppContext.BaseDirectory);
}
