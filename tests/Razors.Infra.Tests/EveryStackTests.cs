using System.Text.Json.Nodes;
using Razors.Topology;
using static Razors.Infra.Tests.StackTemplate;

namespace Razors.Infra.Tests;

/// <summary>Rules that hold across all the templates: least privilege, DLQs with alarms, nothing public but the APIs.</summary>
public sealed class every_stack(SynthesizedTemplates templates)
{
    private readonly IReadOnlyList<StackTemplate> _templates = templates.All;

    private IEnumerable<(StackTemplate Template, string LogicalId, JsonObject Statement)> Statements =>
        _templates.SelectMany(t => t.Statements().Select(s => (t, s.LogicalId, s.Statement)));

    [Fact]
    public void the_templates_hold_policy_statements_to_check()
    {
        // Guards the checks below against a reader that finds nothing.
        Assert.All(_templates, t => Assert.True(t.Statements().Count > 15, $"{t}: {t.Statements().Count} statements"));
        Assert.Contains(Statements, s => s.Template.LogicalResources[s.LogicalId]!["Type"]!.GetValue<string>() == "AWS::Logs::ResourcePolicy");
        Assert.Contains(Statements, s => s.Template.LogicalResources[s.LogicalId]!["Type"]!.GetValue<string>() == "AWS::Events::EventBus");
    }

    [Fact]
    public void no_statement_has_a_wildcard_in_an_action_but_a_buckets_deny_without_tls()
    {
        var offending = Statements
            .Where(s => Actions(s.Statement).Any(a => a.Contains('*', StringComparison.Ordinal)) && !IsBucketDenyWithoutTls(s.Template, s.LogicalId, s.Statement))
            .Select(s => $"{s.Template}/{s.LogicalId}: {s.Statement.ToJsonString()}")
            .ToList();
        Assert.Empty(offending);
    }

    /// <summary>
    /// CDK's <c>enforceSSL</c> statement: deny <c>s3:*</c> to anyone without TLS, as AWS documents it
    /// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html). A list of
    /// S3's actions would run to hundreds and miss the next one; a deny of everything grants nothing.
    /// </summary>
    private static bool IsBucketDenyWithoutTls(StackTemplate template, string logicalId, JsonObject statement) =>
        template.LogicalResources[logicalId]!["Type"]!.GetValue<string>() == "AWS::S3::BucketPolicy"
        && statement["Effect"]!.GetValue<string>() == "Deny"
        && Actions(statement) is ["s3:*"]
        && statement["Condition"]?["Bool"]?["aws:SecureTransport"]?.GetValue<string>() == "false";

    [Fact]
    public void every_bucket_refuses_requests_without_tls_and_blocks_public_access()
    {
        var buckets = _templates.SelectMany(t => t.OfType("AWS::S3::Bucket").Select(b => (t, b.LogicalId, b.Properties))).ToList();
        // The upload stores and the event lake.
        Assert.Equal(Topology.Buckets.Count + (Topology.Lake is null ? 0 : 1), buckets.Count);
        Assert.All(buckets, b =>
        {
            var block = b.Properties["PublicAccessBlockConfiguration"]!.AsObject();
            Assert.All(["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"], flag => Assert.True(block[flag]!.GetValue<bool>(), $"{b.t}/{b.LogicalId}: {flag}"));
            var policy = Assert.Single(b.t.OfType("AWS::S3::BucketPolicy"), p => JsonNode.DeepEquals(p.Properties["Bucket"], Ref(b.LogicalId)));
            Assert.Contains(b.t.Statements(), s => s.LogicalId == policy.LogicalId && IsBucketDenyWithoutTls(b.t, s.LogicalId, s.Statement));
        });
    }

    [Fact]
    public void no_statement_admits_any_principal_without_a_condition()
    {
        static bool Anyone(JsonNode? principal) => principal switch
        {
            JsonValue v => v.ToString() == "*",
            JsonObject o => o["AWS"] is JsonValue aws && aws.ToString() == "*",
            _ => false,
        };
        var offending = Statements
            .Where(s => Anyone(s.Statement["Principal"]) && s.Statement["Condition"] is null)
            .Select(s => $"{s.Template}/{s.LogicalId}: {s.Statement.ToJsonString()}")
            .ToList();
        Assert.Empty(offending);
    }

    [Fact]
    public void every_rule_target_has_a_retry_policy_and_a_dead_letter_queue()
    {
        // A schedule's tick carries nothing to keep (the next tick does the same work), so schedule
        // rules are left out here; the_sweeper_runs_on_its_schedule checks them.
        var targets = _templates.SelectMany(t => t.OfType("AWS::Events::Rule")
            .Where(r => r.Properties["ScheduleExpression"] is null)
            .SelectMany(r => r.Properties["Targets"]!.AsArray().Select(x => (t, r.LogicalId, Target: x!)))).ToList();
        Assert.Equal(Topology.Rules.Sum(r => r.Targets.Count) + Topology.Buses.Count, targets.Count);
        Assert.All(targets, x =>
        {
            Assert.True(x.Target["RetryPolicy"] is JsonObject, $"{x.t}/{x.LogicalId} has no retry policy");
            Assert.True(x.Target["DeadLetterConfig"]?["Arn"] is not null, $"{x.t}/{x.LogicalId} has no DLQ");
        });
    }

    private static readonly TopologyDefinition Topology = RazorsTopology.Build();

    [Fact]
    public void every_queue_used_as_a_dead_letter_queue_has_an_alarm()
    {
        foreach (var template in _templates)
        {
            // Read from the template, not the topology: redrive targets, rule target DLQs, mapping destinations.
            var text = template.LogicalResources.ToJsonString();
            var deadLetterQueues = template.OfType("AWS::SQS::Queue").Select(q => q.LogicalId)
                .Where(id => template.OfType("AWS::SQS::Queue").Any(q => JsonNode.DeepEquals(q.Properties["RedrivePolicy"]?["deadLetterTargetArn"], GetAtt(id, "Arn")))
                    || template.OfType("AWS::Events::Rule").Any(r => r.Properties["Targets"]!.AsArray().Any(t => JsonNode.DeepEquals(t!["DeadLetterConfig"]?["Arn"], GetAtt(id, "Arn"))))
                    || template.OfType("AWS::Lambda::EventSourceMapping").Any(m => JsonNode.DeepEquals(m.Properties["DestinationConfig"]?["OnFailure"]?["Destination"], GetAtt(id, "Arn"))))
                .ToList();
            Assert.NotEmpty(deadLetterQueues);
            var alarmed = template.OfType("AWS::CloudWatch::Alarm")
                .Where(a => a.Properties["MetricName"]!.GetValue<string>() == "ApproximateNumberOfMessagesVisible")
                .Select(a => a.Properties["Dimensions"]![0]!["Value"]!["Fn::GetAtt"]![0]!.GetValue<string>())
                .ToHashSet();
            Assert.All(deadLetterQueues, id => Assert.True(alarmed.Contains(id), $"{template}: DLQ {id} has no alarm"));
            Assert.Equal(deadLetterQueues.Count, template.StackOutputs.Count(o => o.Key.EndsWith("Url", StringComparison.Ordinal) && o.Key != "ApiUrl"));
        }
    }

    [Fact]
    public void nothing_is_public_but_the_http_apis()
    {
        foreach (var template in _templates)
        {
            Assert.Empty(template.OfType("AWS::Lambda::Url"));
            Assert.Empty(template.OfType("AWS::EC2::InternetGateway"));
            // API Gateway for the HTTP APIs; EventBridge only for a schedule rule of the stack itself.
            Assert.All(template.OfType("AWS::Lambda::Permission"), p =>
            {
                var principal = p.Properties["Principal"]!.GetValue<string>();
                Assert.True(principal is "apigateway.amazonaws.com" or "events.amazonaws.com", $"{p.LogicalId} admits {principal}");
                if (principal == "events.amazonaws.com")
                {
                    var rule = p.Properties["SourceArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();
                    Assert.NotNull(template.LogicalResources[rule]!["Properties"]!["ScheduleExpression"]);
                }
            });
            Assert.DoesNotContain("0.0.0.0/0\",\"IpProtocol\":\"tcp\"", template.Template.ToJsonString(), StringComparison.Ordinal);
            Assert.All(template.OfType("AWS::EC2::SecurityGroup"), g =>
                Assert.All(g.Properties["SecurityGroupIngress"]?.AsArray() ?? [], i => Assert.NotEqual("0.0.0.0/0", i!["CidrIp"]?.ToString())));
            Assert.All(template.OfType("AWS::EC2::SecurityGroupIngress"), i => Assert.Null(i.Properties["CidrIp"]));
        }
    }

    [Fact]
    public void no_resource_depends_on_itself_through_references()
    {
        // CloudFormation rejects a circular dependency at deploy time; CDK does not check within a stack.
        foreach (var template in _templates)
        {
            var edges = template.LogicalResources.ToDictionary(r => r.Key, r => References(r.Value!).Where(template.LogicalResources.ContainsKey).ToHashSet());
            var state = new Dictionary<string, bool>();
            bool Cyclic(string id)
            {
                if (state.TryGetValue(id, out var done))
                {
                    return !done;
                }

                state[id] = false;
                if (edges[id].Any(Cyclic))
                {
                    return true;
                }

                state[id] = true;
                return false;
            }

            Assert.All(edges.Keys, id => Assert.False(Cyclic(id), $"{template}: {id} is part of a dependency cycle"));
        }
    }

    private static IEnumerable<string> References(JsonNode node) => node switch
    {
        JsonObject o when o["Ref"] is JsonValue r => [r.ToString()],
        JsonObject o when o["Fn::GetAtt"] is JsonArray a => [a[0]!.ToString()],
        JsonObject o when o["Fn::Sub"] is JsonValue sub => System.Text.RegularExpressions.Regex.Matches(sub.ToString(), @"\$\{([^.}]+)").Select(m => m.Groups[1].Value),
        JsonObject o => o.SelectMany(p => p.Key == "DependsOn"
            ? (p.Value is JsonArray d ? d.Select(x => x!.ToString()) : [p.Value!.ToString()])
            : p.Value is null ? [] : References(p.Value)),
        JsonArray a => a.Where(x => x is not null).SelectMany(x => References(x!)),
        _ => [],
    };

    [Fact]
    public void the_stacks_import_and_export_nothing_so_each_deploys_alone()
    {
        foreach (var template in _templates)
        {
            Assert.DoesNotContain("Fn::ImportValue", template.Template.ToJsonString(), StringComparison.Ordinal);
            Assert.All(template.StackOutputs, o => Assert.Null(o.Value!["Export"]));
        }
    }

    [Fact]
    public void every_function_with_code_in_the_topology_is_deployed_with_exactly_its_handler_on_dotnet10()
    {
        var functions = Topology.Functions.Concat(Topology.HttpApis.Select(a => a.Function)).Where(f => f.Code is not null).ToList();
        Assert.Equal(Topology.Functions.Count + Topology.HttpApis.Count, functions.Count);
        foreach (var function in functions)
        {
            var deployed = _templates.SelectMany(t => t.ServiceFunctions.Select(f => (t, f.Properties)))
                .Where(f => f.Properties["FunctionName"]?.ToString() == function.Name)
                .ToList();
            var (template, properties) = Assert.Single(deployed);
            Assert.Equal(function.OwnerService, template.Service);
            Assert.Equal(function.Code!.Handler, properties["Handler"]!.GetValue<string>());
            Assert.Equal("dotnet10", properties["Runtime"]!.GetValue<string>());
        }

        Assert.Equal(functions.Count, _templates.Sum(t => t.ServiceFunctions.Count));
    }

    [Fact]
    public void the_only_other_function_is_cdks_bucket_notifications_handler_which_may_only_configure_notifications()
    {
        foreach (var template in _templates)
        {
            var handlers = template.BucketNotificationsHandlers;
            Assert.Equal(template.OfType("AWS::Lambda::Function").Count, template.ServiceFunctions.Count + handlers.Count);
            Assert.Equal(Topology.Buckets.Any(b => b.OwnerService == template.Service) ? 1 : 0, handlers.Count);
            foreach (var handler in handlers)
            {
                var role = template.LogicalResources[handler]!["Properties"]!["Role"]!["Fn::GetAtt"]![0]!.GetValue<string>();
                var statements = template.OfType("AWS::IAM::Policy")
                    .Where(p => p.Properties["Roles"]!.AsArray().Any(r => JsonNode.DeepEquals(r, Ref(role))))
                    .SelectMany(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray()).ToList();
                var statement = Assert.Single(statements)!.AsObject();
                Assert.Equal(["s3:PutBucketNotification"], Actions(statement));
            }
        }
    }
}
