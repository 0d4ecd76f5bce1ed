using System.Text.Json.Nodes;
using Razors.Topology;
using static Razors.Infra.Tests.StackTemplate;

namespace Razors.Infra.Tests;

/// <summary>What every service stack holds, checked against the topology entries its service owns.</summary>
public abstract class a_service_stack(SynthesizedTemplates templates, string service)
{
    protected static readonly TopologyDefinition Topology = RazorsTopology.Build();

    protected StackTemplate Template { get; } = templates.Of(service);

    protected string OwnerService { get; } = service;

    protected BusDefinition Bus => Topology.Buses.Single(b => b.OwnerService == OwnerService);

    protected IEnumerable<QueueDefinition> OwnedQueues => Topology.Queues.Where(q => q.OwnerService == OwnerService);

    protected IEnumerable<FunctionDefinition> OwnedFunctions =>
        Topology.Functions.Where(f => f.OwnerService == OwnerService).Concat(Topology.HttpApis.Where(a => a.OwnerService == OwnerService).Select(a => a.Function));

    protected string QueueId(string name) => Template.Named("AWS::SQS::Queue", "QueueName", name).LogicalId;

    protected string FunctionId(string name) => Template.Named("AWS::Lambda::Function", "FunctionName", name).LogicalId;

    protected string BusId => Template.Named("AWS::Events::EventBus", "Name", Bus.Name).LogicalId;

    /// <summary>The identity policy statements attached to a function's role.</summary>
    protected IReadOnlyList<JsonObject> FunctionStatements(string function)
    {
        var role = Template.Named("AWS::Lambda::Function", "FunctionName", function).Properties["Role"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        return
        [
            .. Template.OfType("AWS::IAM::Policy")
                .Where(p => p.Properties["Roles"]!.AsArray().Any(r => JsonNode.DeepEquals(r, Ref(role))))
                .SelectMany(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject())),
        ];
    }

    protected JsonObject Environment(string function) =>
        Template.Named("AWS::Lambda::Function", "FunctionName", function).Properties["Environment"]!["Variables"]!.AsObject();

    [Fact]
    public void every_queue_of_the_service_has_its_declared_settings_sse_and_redrive()
    {
        foreach (var queue in OwnedQueues)
        {
            var properties = Template.Named("AWS::SQS::Queue", "QueueName", queue.Name).Properties;
            Assert.Equal(queue.VisibilityTimeoutSeconds, properties["VisibilityTimeout"]!.GetValue<int>());
            Assert.Equal(queue.MessageRetentionSeconds, properties["MessageRetentionPeriod"]!.GetValue<int>());
            Assert.Equal(queue.Fifo, properties["FifoQueue"]?.GetValue<bool>() ?? false);
            Assert.True(properties["SqsManagedSseEnabled"]!.GetValue<bool>(), $"{queue.Name} is not encrypted.");
            if (queue.Redrive is { } redrive)
            {
                var expected = new JsonObject { ["deadLetterTargetArn"] = GetAtt(QueueId(redrive.DeadLetterQueue), "Arn"), ["maxReceiveCount"] = redrive.MaxReceiveCount };
                Assert.True(JsonNode.DeepEquals(expected, properties["RedrivePolicy"]), $"{queue.Name}: redrive {properties["RedrivePolicy"]}");
            }
            else
            {
                Assert.Null(properties["RedrivePolicy"]);
            }
        }
    }

    [Fact]
    public void every_queue_refuses_requests_without_tls()
    {
        foreach (var queue in OwnedQueues)
        {
            var id = QueueId(queue.Name);
            var statements = Template.OfType("AWS::SQS::QueuePolicy")
                .Where(p => p.Properties["Queues"]!.AsArray().Any(q => JsonNode.DeepEquals(q, Ref(id))))
                .SelectMany(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray());
            var deny = Assert.Single(statements, s =>
                s!["Effect"]!.GetValue<string>() == "Deny"
                && s["Condition"]?["Bool"]?["aws:SecureTransport"]?.GetValue<string>() == "false");
            Assert.Equal(Razors.Infra.QueueWithDlq.QueueActions.Order(), deny!["Action"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        }
    }

    [Fact]
    public void every_dlq_of_the_service_has_an_alarm_on_visible_messages_and_an_output_with_its_url()
    {
        var deadLetterQueues = Topology.DeadLetterQueues;
        var owned = OwnedQueues.Where(q => deadLetterQueues.Contains(q.Name)).ToList();
        Assert.NotEmpty(owned);
        foreach (var queue in owned)
        {
            var id = QueueId(queue.Name);
            var alarm = Template.Named("AWS::CloudWatch::Alarm", "AlarmName", $"{queue.Name}-not-empty").Properties;
            Assert.Equal("AWS/SQS", alarm["Namespace"]!.GetValue<string>());
            Assert.Equal("ApproximateNumberOfMessagesVisible", alarm["MetricName"]!.GetValue<string>());
            Assert.Equal("GreaterThanThreshold", alarm["ComparisonOperator"]!.GetValue<string>());
            Assert.Equal(0, alarm["Threshold"]!.GetValue<double>());
            Assert.True(JsonNode.DeepEquals(GetAtt(id, "QueueName"), alarm["Dimensions"]![0]!["Value"]));
            Assert.Contains(Template.StackOutputs, o => JsonNode.DeepEquals(o.Value!["Value"], Ref(id)));
        }
    }

    [Fact]
    public void the_bus_admits_put_events_only_from_the_own_relay_role_and_the_peers_forwarding_roles()
    {
        var statements = Template.LogicalResources[BusId]!["Properties"]!["Policy"]!["Statement"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var forwardedHere = Topology.Rules.Where(r => r.Targets.OfType<BusTarget>().Any(t => t.Bus == Bus.Name)).ToList();
        Assert.Equal(ReceivesPeerEvents, forwardedHere.Count > 0);
        Assert.Equal((RelayName is null ? 0 : 1) + forwardedHere.Count, statements.Count);
        Assert.All(statements, s =>
        {
            Assert.Equal("Allow", s["Effect"]!.GetValue<string>());
            Assert.Equal(["events:PutEvents"], Actions(s));
            Assert.EndsWith($":event-bus/{Bus.Name}\"]]}}", s["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        });

        if (RelayName is not null)
        {
            var relayRole = Template.Named("AWS::Lambda::Function", "FunctionName", RelayName).Properties["Role"];
            Assert.Contains(statements, s => JsonNode.DeepEquals(s["Principal"]!["AWS"], relayRole) && s["Condition"] is null);
        }

        foreach (var rule in forwardedHere)
        {
            // The peer's role, by name: arn:<partition>:iam::<peer account>:role/<rule>-<region>.
            Assert.Single(statements, s =>
                s["Principal"]!["AWS"]!.ToJsonString().EndsWith(":root\"]]}", StringComparison.Ordinal)
                && s["Condition"]?["ArnEquals"]?["aws:PrincipalArn"]?.ToJsonString().Contains($":role/{rule.Name}-\"", StringComparison.Ordinal) == true);
        }
    }

    /// <summary>The service's outbox relay; null for a service that raises no events.</summary>
    protected abstract string? RelayName { get; }

    /// <summary>
    /// Whether peers forward events to the service's bus and rules on it consume them. Guards the
    /// rule and bus policy checks below against a topology that lost its rules.
    /// </summary>
    protected virtual bool ReceivesPeerEvents => true;

    /// <summary>The functions that put the service's events on its bus: the relay, and the outbox sweeper where there is one.</summary>
    protected virtual IReadOnlySet<string> Publishers => RelayName is null ? new HashSet<string>() : new HashSet<string>(StringComparer.Ordinal) { RelayName };

    /// <summary>The exact <c>source</c> values of a rule's pattern; none for a pattern that matches sources by prefix (the lake rule).</summary>
    protected static IReadOnlyList<string> Sources(RuleDefinition rule) =>
        [.. JsonNode.Parse(rule.EventPattern)!["source"]!.AsArray().OfType<JsonValue>().Select(s => s.GetValue<string>())];

    /// <summary>The service's HTTP API, if it has one.</summary>
    protected HttpApiDefinition? Api => Topology.HttpApis.SingleOrDefault(a => a.OwnerService == OwnerService);

    /// <summary>The accounts whose events reach the bus: its own and those of the peers that forward to it, here all the deploying account.</summary>
    protected static JsonArray DeployingAccount => new(Ref("AWS::AccountId"));

    /// <summary>The peer whose forwarding rule brings the events a rule on this bus matches, if they are not the service's own.</summary>
    protected string? Producer(RuleDefinition rule) => Topology.Rules
        .Where(r => r.Targets.OfType<BusTarget>().Any(t => t.Bus == Bus.Name) && Sources(r).Intersect(Sources(rule)).Any())
        .Select(r => Topology.Buses.Single(b => b.Name == r.Bus).OwnerService)
        .Distinct()
        .SingleOrDefault();

    [Fact]
    public void the_bus_admits_each_peer_only_for_the_source_its_forwarding_rule_forwards()
    {
        var statements = Template.LogicalResources[BusId]!["Properties"]!["Policy"]!["Statement"]!.AsArray().Select(s => s!.AsObject()).ToList();
        foreach (var rule in Topology.Rules.Where(r => r.Targets.OfType<BusTarget>().Any(t => t.Bus == Bus.Name)))
        {
            var statement = statements.Single(s => s["Condition"]?["ArnEquals"]?["aws:PrincipalArn"]?.ToJsonString().Contains($":role/{rule.Name}-\"", StringComparison.Ordinal) == true);
            var sources = statement["Condition"]!["StringEquals"]!["events:source"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
            Assert.Equal(Sources(rule), sources);
            // A peer forwards its own events only: no other producer's rule forwards that source.
            Assert.All(sources, source => Assert.Single(Topology.Rules, r => r.Targets.OfType<BusTarget>().Any(t => t.Bus == Bus.Name) && Sources(r).Contains(source)));
        }
    }

    [Fact]
    public void every_consumer_rule_of_a_peers_events_matches_the_peers_account()
    {
        var consumerRules = Topology.Rules.Where(r => r.Bus == Bus.Name && r.Targets.Any(t => t is QueueTarget)).ToList();
        Assert.Equal(ReceivesPeerEvents, consumerRules.Count > 0);
        Assert.All(consumerRules, rule =>
        {
            Assert.NotNull(Producer(rule));
            var pattern = Template.Named("AWS::Events::Rule", "Name", rule.Name).Properties["EventPattern"]!;
            Assert.True(JsonNode.DeepEquals(new JsonArray(Ref("AWS::AccountId")), pattern["account"]), $"{rule.Name}: {pattern}");
        });
    }

    [Fact]
    public void only_the_relay_has_reserved_concurrency_the_default_of_the_settings()
    {
        foreach (var function in OwnedFunctions)
        {
            var reserved = Template.Named("AWS::Lambda::Function", "FunctionName", function.Name).Properties["ReservedConcurrentExecutions"];
            if (function.Name == RelayName)
            {
                Assert.Equal(DefaultSettings.RelayConcurrency, reserved?.GetValue<int>());
                // A queue-fed relay's pollers stay within it, so no receive is throttled.
                foreach (var mapping in Template.OfType("AWS::Lambda::EventSourceMapping").Where(m => JsonNode.DeepEquals(Ref(FunctionId(function.Name)), m.Properties["FunctionName"])))
                {
                    var maximum = mapping.Properties["ScalingConfig"]?["MaximumConcurrency"]?.GetValue<int>();
                    Assert.Equal(mapping.Properties["StartingPosition"] is null ? DefaultSettings.RelayConcurrency : null, maximum);
                }
            }
            else
            {
                Assert.Null(reserved);
            }
        }
    }

    protected static readonly InfraSettings DefaultSettings = new(new Dictionary<string, string>(), "latest");

    [Fact]
    public void every_alarm_notifies_the_stacks_alarm_topic_which_mails_nobody_by_default()
    {
        var (topicId, topic) = Template.Named("AWS::SNS::Topic", "TopicName", $"razors-{OwnerService}-alarms");
        Assert.Null(topic["Subscription"]);
        Assert.Empty(Template.OfType("AWS::SNS::Subscription"));
        Assert.True(JsonNode.DeepEquals(Ref(topicId), Template.StackOutputs["AlarmTopicArn"]!["Value"]));
        var alarms = Template.OfType("AWS::CloudWatch::Alarm");
        Assert.NotEmpty(alarms);
        Assert.All(alarms, a => Assert.True(
            JsonNode.DeepEquals(new JsonArray(Ref(topicId)), a.Properties["AlarmActions"]),
            $"{a.LogicalId} ({a.Properties["AlarmName"]}) notifies {a.Properties["AlarmActions"]?.ToJsonString() ?? "nothing"}"));
    }

    [Fact]
    public void every_queue_a_function_reads_alarms_on_the_age_of_its_oldest_message()
    {
        var read = Topology.QueueMappings.Where(m => OwnedFunctions.Any(f => f.Name == m.Function)).Select(m => m.Queue).ToList();
        Assert.NotEmpty(read);
        var ageAlarms = Template.OfType("AWS::CloudWatch::Alarm").Where(a => a.Properties["MetricName"]!.GetValue<string>() == "ApproximateAgeOfOldestMessage").ToList();
        Assert.Equal(read.Count, ageAlarms.Count);
        foreach (var queue in read)
        {
            var alarm = Template.Named("AWS::CloudWatch::Alarm", "AlarmName", $"{queue}-oldest-message").Properties;
            Assert.Equal("ApproximateAgeOfOldestMessage", alarm["MetricName"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(GetAtt(QueueId(queue), "QueueName"), alarm["Dimensions"]![0]!["Value"]));
            Assert.Equal(DefaultSettings.OldestMessageAlarmSeconds, alarm["Threshold"]!.GetValue<int>());
            Assert.Equal("GreaterThanThreshold", alarm["ComparisonOperator"]!.GetValue<string>());
        }
    }

    [Fact]
    public void every_route_of_the_http_api_is_authorized_with_aws_iam_and_a_managed_policy_grants_invoking_it()
    {
        if (Api is null)
        {
            // A service without an API: nothing in its stack answers HTTP.
            Assert.Empty(Template.OfType("AWS::ApiGatewayV2::Api"));
            Assert.Empty(Template.OfType("AWS::ApiGatewayV2::Route"));
            Assert.False(Template.StackOutputs.ContainsKey("ApiUrl"));
            return;
        }

        var routes = Template.OfType("AWS::ApiGatewayV2::Route");
        Assert.NotEmpty(routes);
        Assert.All(routes, r => Assert.Equal("AWS_IAM", r.Properties["AuthorizationType"]?.GetValue<string>()));
        Assert.Empty(Template.OfType("AWS::ApiGatewayV2::Authorizer"));

        var api = Topology.HttpApis.Single(a => a.OwnerService == OwnerService);
        var apiId = Template.Named("AWS::ApiGatewayV2::Api", "Name", api.Name).LogicalId;
        var policyId = Template.StackOutputs["ApiInvokePolicyArn"]!["Value"]!["Ref"]!.GetValue<string>();
        var policy = Template.LogicalResources[policyId]!;
        Assert.Equal("AWS::IAM::ManagedPolicy", policy["Type"]!.GetValue<string>());
        var statement = Assert.Single(policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())!.AsObject();
        Assert.Equal("Allow", statement["Effect"]!.GetValue<string>());
        Assert.Equal(["execute-api:Invoke"], Actions(statement));
        Assert.Contains($"{{\"Ref\":\"{apiId}\"}}", statement["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(":execute-api:", statement["Resource"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void the_default_stage_is_throttled_and_writes_json_access_logs_to_a_log_group_kept_a_month()
    {
        if (Api is not { } api)
        {
            Assert.Empty(Template.OfType("AWS::ApiGatewayV2::Stage"));
            return;
        }

        var stage = Assert.Single(Template.OfType("AWS::ApiGatewayV2::Stage")).Properties;
        Assert.Equal("$default", stage["StageName"]!.GetValue<string>());
        Assert.Equal(DefaultSettings.ApiRateLimit, stage["DefaultRouteSettings"]!["ThrottlingRateLimit"]!.GetValue<double>());
        Assert.Equal(DefaultSettings.ApiBurstLimit, stage["DefaultRouteSettings"]!["ThrottlingBurstLimit"]!.GetValue<int>());

        var (logGroupId, logGroup) = Template.Named("AWS::Logs::LogGroup", "LogGroupName", $"/aws/apigateway/{api.Name}");
        Assert.Equal(30, logGroup["RetentionInDays"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(GetAtt(logGroupId, "Arn"), stage["AccessLogSettings"]!["DestinationArn"]));
        var format = JsonNode.Parse(stage["AccessLogSettings"]!["Format"]!.GetValue<string>())!.AsObject();
        Assert.Equal("$context.requestId", format["requestId"]!.GetValue<string>());
        Assert.Equal("$context.identity.userArn", format["caller"]!.GetValue<string>());
    }

    [Fact]
    public void every_rule_on_the_bus_has_the_topology_pattern_and_targets_with_retry_policy_and_dlq()
    {
        var rules = Topology.Rules.Where(r => r.Bus == Bus.Name).ToList();
        Assert.Equal(ReceivesPeerEvents, rules.Any(r => r.Targets.Any(t => t is QueueTarget)));
        Assert.Single(rules, r => r.Targets.Any(t => t is DeliveryStreamTarget));
        // The topology's rules, the log rule and the schedules: no other rule is on the bus or in the stack.
        Assert.Equal(rules.Count + 1 + Topology.Schedules.Count(s => OwnedFunctions.Any(f => f.Name == s.Function)), Template.OfType("AWS::Events::Rule").Count);
        foreach (var rule in rules)
        {
            var properties = Template.Named("AWS::Events::Rule", "Name", rule.Name).Properties;
            var pattern = JsonNode.Parse(rule.EventPattern)!.AsObject();
            if (Producer(rule) is not null || Sources(rule).Count == 0)
            {
                // Not in the topology: the deploying account, as no peer account is given here (a
                // rule of every source, the lake rule, matches the bus's and the forwarding peers' accounts).
                pattern["account"] = DeployingAccount;
            }

            Assert.True(JsonNode.DeepEquals(pattern, properties["EventPattern"]), $"{rule.Name}: pattern {properties["EventPattern"]}");
            Assert.True(JsonNode.DeepEquals(Ref(BusId), properties["EventBusName"]));
            var targets = properties["Targets"]!.AsArray();
            Assert.Equal(rule.Targets.Count, targets.Count);
            foreach (var target in rule.Targets)
            {
                var actual = targets.Single(t => t!["Id"]!.GetValue<string>() == target.Id)!;
                Assert.Equal(target.RetryPolicy.MaximumRetryAttempts, actual["RetryPolicy"]!["MaximumRetryAttempts"]!.GetValue<int>());
                Assert.Equal(target.RetryPolicy.MaximumEventAgeInSeconds, actual["RetryPolicy"]!["MaximumEventAgeInSeconds"]!.GetValue<int>());
                Assert.True(JsonNode.DeepEquals(GetAtt(QueueId(target.DeadLetterQueue), "Arn"), actual["DeadLetterConfig"]!["Arn"]));
                switch (target)
                {
                    case QueueTarget queue:
                        Assert.True(JsonNode.DeepEquals(GetAtt(QueueId(queue.Queue), "Arn"), actual["Arn"]));
                        Assert.Null(actual["RoleArn"]);
                        break;
                    case DeliveryStreamTarget lake:
                        Assert.True(JsonNode.DeepEquals(GetAtt(Template.Named("AWS::KinesisFirehose::DeliveryStream", "DeliveryStreamName", lake.DeliveryStream).LogicalId, "Arn"), actual["Arn"]));
                        Assert.NotNull(actual["RoleArn"]?["Fn::GetAtt"]);
                        break;
                    case BusTarget bus:
                        Assert.EndsWith($":event-bus/{bus.Bus}\"]]}}", actual["Arn"]!.ToJsonString(), StringComparison.Ordinal);
                        var roleId = actual["RoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();
                        Assert.Contains($"\"{rule.Name}-\"", Template.LogicalResources[roleId]!["Properties"]!["RoleName"]!.ToJsonString(), StringComparison.Ordinal);
                        break;
                    default:
                        Assert.Fail($"{rule.Name}: unexpected target {target.GetType().Name}");
                        break;
                }
            }
        }
    }

    [Fact]
    public void a_forwarding_role_is_assumable_only_for_its_rule_and_may_only_put_events_on_its_peer_bus()
    {
        foreach (var rule in Topology.Rules.Where(r => r.Bus == Bus.Name && r.Targets.Any(t => t is BusTarget)))
        {
            var target = rule.Targets.OfType<BusTarget>().Single();
            var roleId = Template.Named("AWS::Events::Rule", "Name", rule.Name).Properties["Targets"]![0]!["RoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();
            var trust = Template.LogicalResources[roleId]!["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray().Single()!;
            Assert.Equal("events.amazonaws.com", trust["Principal"]!["Service"]!.GetValue<string>());
            Assert.EndsWith($":rule/{Bus.Name}/{rule.Name}\"]]}}", trust["Condition"]!["ArnEquals"]!["aws:SourceArn"]!.ToJsonString(), StringComparison.Ordinal);

            var statements = Template.OfType("AWS::IAM::Policy")
                .Where(p => p.Properties["Roles"]!.AsArray().Any(r => JsonNode.DeepEquals(r, Ref(roleId))))
                .SelectMany(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray()).ToList();
            var statement = Assert.Single(statements)!.AsObject();
            Assert.Equal(["events:PutEvents"], Actions(statement));
            Assert.EndsWith($":event-bus/{target.Bus}\"]]}}", statement["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void the_inbound_queue_and_the_dlqs_accept_messages_only_from_the_rules_that_target_them()
    {
        // The log rule shares the bus's events DLQ.
        var rulesByQueue = Topology.Rules.Where(r => r.Bus == Bus.Name)
            .SelectMany(r => r.Targets.SelectMany(t => (t is QueueTarget q ? [q.Queue, t.DeadLetterQueue] : new[] { t.DeadLetterQueue }).Select(queue => (queue, rule: r.Name))))
            .Append((queue: EventsDeadLetterQueue, rule: $"{Bus.Name}-log-all"))
            .GroupBy(x => x.queue, x => x.rule);
        Assert.Contains(rulesByQueue, g => g.Key == EventsDeadLetterQueue);
        foreach (var group in rulesByQueue)
        {
            var id = QueueId(group.Key);
            var allow = Template.OfType("AWS::SQS::QueuePolicy")
                .Where(p => p.Properties["Queues"]!.AsArray().Any(q => JsonNode.DeepEquals(q, Ref(id))))
                .SelectMany(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray())
                .Single(s => s!["Effect"]!.GetValue<string>() == "Allow")!;
            Assert.Equal("events.amazonaws.com", allow["Principal"]!["Service"]!.GetValue<string>());
            Assert.Equal(["sqs:SendMessage"], Actions(allow.AsObject()));
            var sources = allow["Condition"]!["ArnEquals"]!["aws:SourceArn"]!.AsArray().Select(a => a!.ToJsonString()).ToList();
            var expected = group.Distinct().ToList();
            Assert.Equal(expected.Count, sources.Count);
            Assert.All(expected, rule => Assert.Contains(sources, s => s.EndsWith($":rule/{Bus.Name}/{rule}\"]]}}", StringComparison.Ordinal)));
        }
    }

    protected abstract string EventsDeadLetterQueue { get; }

    [Fact]
    public void every_function_runs_dotnet10_with_the_topology_handler_json_logs_and_declared_limits()
    {
        foreach (var function in OwnedFunctions)
        {
            var properties = Template.Named("AWS::Lambda::Function", "FunctionName", function.Name).Properties;
            Assert.Equal("dotnet10", properties["Runtime"]!.GetValue<string>());
            Assert.Equal(function.Code!.Handler, properties["Handler"]!.GetValue<string>());
            Assert.Equal("JSON", properties["LoggingConfig"]!["LogFormat"]!.GetValue<string>());
            Assert.Equal(function.MemorySize, properties["MemorySize"]!.GetValue<int>());
            Assert.Equal(function.TimeoutSeconds, properties["Timeout"]!.GetValue<int>());
        }
    }

    [Fact]
    public void every_queue_mapping_reads_its_queue_with_partial_batch_responses()
    {
        var mappings = Topology.QueueMappings.Where(m => OwnedFunctions.Any(f => f.Name == m.Function)).ToList();
        Assert.NotEmpty(mappings);
        foreach (var mapping in mappings)
        {
            var properties = Template.OfType("AWS::Lambda::EventSourceMapping")
                .Single(m => JsonNode.DeepEquals(m.Properties["EventSourceArn"], GetAtt(QueueId(mapping.Queue), "Arn"))).Properties;
            Assert.True(JsonNode.DeepEquals(Ref(FunctionId(mapping.Function)), properties["FunctionName"]));
            Assert.Equal(mapping.BatchSize, properties["BatchSize"]!.GetValue<int>());
            Assert.True(JsonNode.DeepEquals(new JsonArray("ReportBatchItemFailures"), properties["FunctionResponseTypes"]));
        }
    }

    [Fact]
    public void the_http_api_sends_every_request_to_the_api_function_and_its_url_is_an_output()
    {
        if (Api is not { } api)
        {
            Assert.Empty(Template.OfType("AWS::ApiGatewayV2::Integration"));
            return;
        }

        var (apiId, properties) = Template.Named("AWS::ApiGatewayV2::Api", "Name", api.Name);
        Assert.Equal("HTTP", properties["ProtocolType"]!.GetValue<string>());
        var integration = Assert.Single(Template.OfType("AWS::ApiGatewayV2::Integration"));
        Assert.Equal("AWS_PROXY", integration.Properties["IntegrationType"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(GetAtt(FunctionId(api.Function.Name), "Arn"), integration.Properties["IntegrationUri"]));
        var route = Assert.Single(Template.OfType("AWS::ApiGatewayV2::Route"));
        Assert.Equal("$default", route.Properties["RouteKey"]!.GetValue<string>());
        Assert.Contains(integration.LogicalId, route.Properties["Target"]!.ToJsonString(), StringComparison.Ordinal);
        var stage = Assert.Single(Template.OfType("AWS::ApiGatewayV2::Stage"));
        Assert.True(stage.Properties["AutoDeploy"]!.GetValue<bool>());
        var permission = Template.OfType("AWS::Lambda::Permission").Single(p => JsonNode.DeepEquals(p.Properties["FunctionName"], GetAtt(FunctionId(api.Function.Name), "Arn")));
        Assert.Equal("apigateway.amazonaws.com", permission.Properties["Principal"]!.GetValue<string>());
        Assert.Contains(apiId, Template.StackOutputs["ApiUrl"]!["Value"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void the_bus_keeps_an_archive_for_its_retention_and_a_rule_logs_every_event_to_cloudwatch_logs()
    {
        var archive = Template.Named("AWS::Events::Archive", "ArchiveName", $"{Bus.Name}-archive").Properties;
        Assert.True(JsonNode.DeepEquals(GetAtt(BusId, "Arn"), archive["SourceArn"]));
        Assert.Equal(Bus.ArchiveRetentionDays, archive["RetentionDays"]!.GetValue<int>());
        Assert.Null(archive["EventPattern"]);

        var logGroup = Template.Named("AWS::Logs::LogGroup", "LogGroupName", $"/aws/events/{Bus.Name}").LogicalId;
        var rule = Template.Named("AWS::Events::Rule", "Name", $"{Bus.Name}-log-all").Properties;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"source":[{"prefix":""}]}"""), rule["EventPattern"]));
        var target = rule["Targets"]!.AsArray().Single()!;
        Assert.Contains(":log-group:", target["Arn"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(logGroup, target["Arn"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.NotNull(target["RetryPolicy"]);
        Assert.True(JsonNode.DeepEquals(GetAtt(QueueId(EventsDeadLetterQueue), "Arn"), target["DeadLetterConfig"]!["Arn"]));

        var policy = Template.Named("AWS::Logs::ResourcePolicy", "PolicyName", $"{Bus.Name}-events-to-logs").Properties["PolicyDocument"]!.ToJsonString();
        Assert.Contains("events.amazonaws.com", policy, StringComparison.Ordinal);
        Assert.Contains(logGroup, policy, StringComparison.Ordinal);
    }

    /// <summary>A policy value as text, with <c>${Ref}</c> and <c>${Id.Attribute}</c> for the tokens of a <c>Fn::Join</c>.</summary>
    protected static string Flat(JsonNode? node) => node switch
    {
        JsonValue v => v.ToString(),
        JsonObject o when o["Ref"] is JsonValue r => "${" + r + "}",
        JsonObject o when o["Fn::GetAtt"] is JsonArray a => "${" + a[0] + "." + a[1] + "}",
        JsonObject o when o["Fn::Join"] is JsonArray j => string.Join(j[0]!.ToString(), j[1]!.AsArray().Select(Flat)),
        _ => node?.ToJsonString() ?? "",
    };

    /// <summary>The statements of the identity policies attached to a role.</summary>
    protected IReadOnlyList<JsonObject> RoleStatements(string roleId) =>
    [
        .. Template.OfType("AWS::IAM::Policy")
            .Where(p => p.Properties["Roles"]!.AsArray().Any(r => JsonNode.DeepEquals(r, Ref(roleId))))
            .SelectMany(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray().Select(x => x!.AsObject())),
    ];

    /// <summary>Every action a role may take, on what: <c>action on resource</c>.</summary>
    protected IReadOnlySet<string> Grants(string roleId) => RoleStatements(roleId)
        .SelectMany(s => Actions(s).SelectMany(a => (s["Resource"] is JsonArray list ? list.Select(Flat) : [Flat(s["Resource"])]).Select(r => $"{a} on {r}")))
        .ToHashSet(StringComparer.Ordinal);

    protected DeliveryStreamDefinition DeliveryStream => Topology.DeliveryStreams.Single(d => d.Bus == Bus.Name);

    private (string LogicalId, JsonObject Properties) Stream => Template.Named("AWS::KinesisFirehose::DeliveryStream", "DeliveryStreamName", DeliveryStream.Name);

    /// <summary>The lake's bucket as every stack names it (the deploying account holds the lake here).</summary>
    protected static string LakeBucketArn => $"arn:${{AWS::Partition}}:s3:::{Topology.Lake!.Name}-${{AWS::AccountId}}-${{AWS::Region}}";

    [Fact]
    public void the_bus_delivery_stream_writes_gzipped_event_lines_under_the_bus_prefix_into_the_lake()
    {
        Assert.Equal(OwnerService, DeliveryStream.OwnerService);
        Assert.Single(Template.OfType("AWS::KinesisFirehose::DeliveryStream"));
        var (_, properties) = Stream;
        Assert.Equal("DirectPut", properties["DeliveryStreamType"]!.GetValue<string>());
        Assert.Equal("AWS_OWNED_CMK", properties["DeliveryStreamEncryptionConfigurationInput"]!["KeyType"]!.GetValue<string>());
        var s3 = properties["ExtendedS3DestinationConfiguration"]!;
        Assert.Equal(LakeBucketArn, Flat(s3["BucketARN"]));
        Assert.Equal(LakeLayout.Prefix(Bus.Name), s3["Prefix"]!.GetValue<string>());
        Assert.Equal($"bus={Bus.Name}/year=!{{timestamp:yyyy}}/month=!{{timestamp:MM}}/day=!{{timestamp:dd}}/", s3["Prefix"]!.GetValue<string>());
        Assert.Equal(LakeLayout.ErrorPrefix(Bus.Name), s3["ErrorOutputPrefix"]!.GetValue<string>());
        Assert.Equal("GZIP", s3["CompressionFormat"]!.GetValue<string>());
        Assert.Equal(DeliveryStream.BufferIntervalSeconds, s3["BufferingHints"]!["IntervalInSeconds"]!.GetValue<int>());
        Assert.Equal(DeliveryStream.BufferSizeMiB, s3["BufferingHints"]!["SizeInMBs"]!.GetValue<int>());
        // One event per line, without dynamic partitioning (its prefix expressions are only the arrival time).
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"Enabled":true,"Processors":[{"Type":"AppendDelimiterToRecord"}]}"""), s3["ProcessingConfiguration"]));
        Assert.Null(s3["DynamicPartitioningConfiguration"]);
        var logGroup = Template.Named("AWS::Logs::LogGroup", "LogGroupName", $"/aws/kinesisfirehose/{DeliveryStream.Name}");
        Assert.Equal(30, logGroup.Properties["RetentionInDays"]!.GetValue<int>());
        Assert.True(s3["CloudWatchLoggingOptions"]!["Enabled"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(Ref(logGroup.LogicalId), s3["CloudWatchLoggingOptions"]!["LogGroupName"]));
        var logStream = Assert.Single(Template.OfType("AWS::Logs::LogStream"));
        Assert.True(JsonNode.DeepEquals(Ref(logStream.LogicalId), s3["CloudWatchLoggingOptions"]!["LogStreamName"]));
    }

    private static readonly string[] ObjectActions = ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"];

    private static readonly string[] BucketActions = ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"];

    [Fact]
    public void the_delivery_role_serves_firehose_for_this_account_and_may_write_only_under_the_bus_prefixes()
    {
        var (streamId, properties) = Stream;
        var roleId = properties["ExtendedS3DestinationConfiguration"]!["RoleARN"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        var role = Template.LogicalResources[roleId]!["Properties"]!;
        // Named, so the lake's bucket policy can admit it from another account.
        Assert.Equal($"{DeliveryStream.Name}-${{AWS::Region}}", Flat(role["RoleName"]));
        var trust = Assert.Single(role["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
        Assert.Equal("firehose.amazonaws.com", trust["Principal"]!["Service"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(Ref("AWS::AccountId"), trust["Condition"]!["StringEquals"]!["sts:ExternalId"]));

        var logStream = Assert.Single(Template.OfType("AWS::Logs::LogStream")).LogicalId;
        var logGroup = Template.Named("AWS::Logs::LogGroup", "LogGroupName", $"/aws/kinesisfirehose/{DeliveryStream.Name}").LogicalId;
        var expected = new[] { $"bus={Bus.Name}/*", $"errors/bus={Bus.Name}/*" }
            .SelectMany(prefix => ObjectActions.Select(a => $"{a} on {LakeBucketArn}/{prefix}"))
            .Concat(BucketActions.Select(a => $"{a} on {LakeBucketArn}"))
            .Append($"logs:PutLogEvents on arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:${{{logGroup}}}:log-stream:${{{logStream}}}")
            .ToHashSet(StringComparer.Ordinal);
        var actual = Grants(roleId);
        Assert.True(expected.SetEquals(actual), $"missing [{string.Join(", ", expected.Except(actual))}]; unexpected [{string.Join(", ", actual.Except(expected))}]");
        // Firehose checks the role when the stream is created: the policy exists first.
        var policy = Template.OfType("AWS::IAM::Policy").Single(p => p.Properties["Roles"]!.AsArray().Any(r => JsonNode.DeepEquals(r, Ref(roleId)))).LogicalId;
        Assert.Contains(policy, Template.LogicalResources[streamId]!["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public void the_lake_rule_puts_every_event_into_the_stream_with_retries_a_dlq_and_a_role_that_may_only_put_records_there()
    {
        var (streamId, _) = Stream;
        var rule = Topology.Rules.Single(r => r.Bus == Bus.Name && r.Targets.Any(t => t is DeliveryStreamTarget));
        var target = (DeliveryStreamTarget)Assert.Single(rule.Targets);
        Assert.Equal(DeliveryStream.Name, target.DeliveryStream);
        Assert.Equal(EventsDeadLetterQueue, target.DeadLetterQueue);
        var (ruleId, properties) = Template.Named("AWS::Events::Rule", "Name", $"{Bus.Name}-to-lake");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"prefix":"razors."}]"""), properties["EventPattern"]!["source"]));
        Assert.True(JsonNode.DeepEquals(DeployingAccount, properties["EventPattern"]!["account"]));
        var actual = Assert.Single(properties["Targets"]!.AsArray())!;
        Assert.True(JsonNode.DeepEquals(GetAtt(streamId, "Arn"), actual["Arn"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"MaximumEventAgeInSeconds":{{RazorsTopology.DeliveryRetry.MaximumEventAgeInSeconds}},"MaximumRetryAttempts":{{RazorsTopology.DeliveryRetry.MaximumRetryAttempts}}}"""), actual["RetryPolicy"]));
        Assert.True(JsonNode.DeepEquals(GetAtt(QueueId(EventsDeadLetterQueue), "Arn"), actual["DeadLetterConfig"]!["Arn"]));
        // The whole event, as the other targets get it.
        Assert.Null(actual["InputTransformer"]);
        Assert.Null(actual["InputPath"]);

        var roleId = actual["RoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        var trust = Assert.Single(Template.LogicalResources[roleId]!["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
        Assert.Equal("events.amazonaws.com", trust["Principal"]!["Service"]!.GetValue<string>());
        Assert.Equal($"arn:${{AWS::Partition}}:events:${{AWS::Region}}:${{AWS::AccountId}}:rule/{Bus.Name}/{rule.Name}", Flat(trust["Condition"]!["ArnEquals"]!["aws:SourceArn"]));
        Assert.Equal(new[] { $"firehose:PutRecord on ${{{streamId}.Arn}}", $"firehose:PutRecordBatch on ${{{streamId}.Arn}}" }, Grants(roleId).Order(StringComparer.Ordinal));
        Assert.NotEqual(ruleId, roleId);
    }

    [Fact]
    public void the_delivery_stream_alarms_when_events_wait_for_s3_longer_than_its_buffer_and_a_margin()
    {
        var alarm = Template.Named("AWS::CloudWatch::Alarm", "AlarmName", $"{DeliveryStream.Name}-data-freshness").Properties;
        Assert.Equal("AWS/Firehose", alarm["Namespace"]!.GetValue<string>());
        Assert.Equal("DeliveryToS3.DataFreshness", alarm["MetricName"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""[{"Name":"DeliveryStreamName","Value":"{{DeliveryStream.Name}}"}]"""), alarm["Dimensions"]));
        Assert.Equal("Maximum", alarm["Statistic"]!.GetValue<string>());
        Assert.Equal(DeliveryStream.BufferIntervalSeconds + LakeDelivery.FreshnessAlarmMarginSeconds, alarm["Threshold"]!.GetValue<int>());
        Assert.Equal("GreaterThanThreshold", alarm["ComparisonOperator"]!.GetValue<string>());
        Assert.Equal("notBreaching", alarm["TreatMissingData"]!.GetValue<string>());
    }

    [Fact]
    public void the_relay_alone_may_put_events_on_the_bus()
    {
        foreach (var function in OwnedFunctions)
        {
            var putEvents = FunctionStatements(function.Name).Where(s => Actions(s).Contains("events:PutEvents")).ToList();
            if (Publishers.Contains(function.Name))
            {
                var statement = Assert.Single(putEvents);
                Assert.True(JsonNode.DeepEquals(GetAtt(BusId, "Arn"), statement["Resource"]));
            }
            else
            {
                Assert.Empty(putEvents);
            }
        }
    }
}
