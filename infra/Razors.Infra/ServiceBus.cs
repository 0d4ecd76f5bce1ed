using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KinesisFirehose;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SQS;
using Razors.Topology;
using CfnRule = Amazon.CDK.AWS.Events.CfnRule;
using CfnRuleProps = Amazon.CDK.AWS.Events.CfnRuleProps;
using Function = Amazon.CDK.AWS.Lambda.Function;

namespace Razors.Infra;

/// <summary>
/// A service's bus: the bus, an archive of every event, a rule that logs every event, the rules
/// of the topology on it, their forwarding and lake roles, and the queue permissions for the rules
/// that send to the service's queues. Its resource policy admits <c>events:PutEvents</c> from the
/// own relay (a service that raises events) and from the peers' forwarding roles only, each peer
/// only for its own event source; a rule that matches a peer's source also matches the peer's
/// account, so an event of one source is delivered only as put by the account that owns that
/// source, and a rule that matches every source (the lake rule) matches the accounts of the bus
/// and of every peer that forwards to it.
/// </summary>
public sealed class ServiceBus
{
    private readonly Stack _stack;
    private readonly BusDefinition _bus;
    private readonly TopologyDefinition _topology;
    private readonly InfraSettings _settings;
    private readonly IReadOnlyDictionary<string, Queue> _queues;
    private readonly Dictionary<string, List<string>> _rulesSendingTo = new(StringComparer.Ordinal);

    public ServiceBus(Stack stack, BusDefinition bus, TopologyDefinition topology, InfraSettings settings, IReadOnlyDictionary<string, Queue> queues)
    {
        ArgumentNullException.ThrowIfNull(bus);
        _stack = stack;
        _bus = bus;
        _topology = topology;
        _settings = settings;
        _queues = queues;
        EventBus = new EventBus(stack, Names.Id(bus.Name) + "Bus", new EventBusProps { EventBusName = bus.Name });
    }

    public EventBus EventBus { get; }

    /// <summary>
    /// The policy, archive, log rule and rules. Separate from the constructor because the relay and
    /// the function targets exist only after the functions, which in turn need the bus. A service
    /// that raises no events has no relay.
    /// </summary>
    public void Connect(Function? relay, IReadOnlyDictionary<string, Function> functions, IReadOnlyDictionary<string, CfnDeliveryStream> deliveryStreams)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(deliveryStreams);
        SetPolicy(relay);
        AddArchiveAndLog();
        foreach (var rule in _topology.Rules.Where(r => r.Bus == _bus.Name))
        {
            AddRule(rule, functions, deliveryStreams);
        }

        AllowRulesToSendToQueues();
    }

    /// <summary>
    /// PutEvents only from the own relay's role and from the roles of the peers' forwarding rules,
    /// each for the sources its rule forwards (<c>events:source</c>,
    /// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html). A peer's
    /// role is named (account principal + <c>aws:PrincipalArn</c>), not referenced, so this policy
    /// deploys before the peer exists and no stack imports another.
    /// </summary>
    private void SetPolicy(Function? relay)
    {
        // Built from the name: the bus's own ARN attribute inside its own Policy would be a circular reference.
        var busArn = _stack.FormatArn(new ArnComponents { Service = "events", Resource = "event-bus", ResourceName = _bus.Name });
        var statements = new List<PolicyStatement>();
        if (relay is not null)
        {
            statements.Add(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "OwnRelay",
                Principals = [new ArnPrincipal(relay.Role!.RoleArn)],
                Actions = ["events:PutEvents"],
                Resources = [busArn],
            }));
        }

        foreach (var rule in _topology.Rules.Where(r => r.Targets.OfType<BusTarget>().Any(t => t.Bus == _bus.Name)))
        {
            var peer = _topology.Buses.Single(b => b.Name == rule.Bus).OwnerService;
            var account = _settings.AccountOf(peer);
            statements.Add(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "Forwarded" + Names.Id(rule.Name),
                Principals = [new AccountPrincipal(account)],
                Actions = ["events:PutEvents"],
                Resources = [busArn],
                Conditions = new Dictionary<string, object>
                {
                    ["ArnEquals"] = new Dictionary<string, object>
                    {
                        ["aws:PrincipalArn"] = $"arn:{Aws.PARTITION}:iam::{account}:role/{Names.ForwardingRoleName(rule, Aws.REGION)}",
                    },
                    ["StringEquals"] = new Dictionary<string, object> { ["events:source"] = Sources(rule).ToArray() },
                },
            }));
        }

        if (statements.Count == 0)
        {
            // No relay and no peer: nobody may put events on the bus, which needs no policy to say so.
            return;
        }

        ((CfnEventBus)EventBus.Node.DefaultChild!).Policy = new PolicyDocument(new PolicyDocumentProps { Statements = [.. statements] });
    }

    /// <summary>An archive of everything on the bus (replay after a consumer bug) and a rule that logs every event.</summary>
    private void AddArchiveAndLog()
    {
        var id = Names.Id(_bus.Name);
        _ = new CfnArchive(_stack, id + "Archive", new CfnArchiveProps
        {
            ArchiveName = $"{_bus.Name}-archive",
            Description = $"Every event on {_bus.Name}.",
            SourceArn = EventBus.EventBusArn,
            RetentionDays = _bus.ArchiveRetentionDays,
        });

        var logGroup = new LogGroup(_stack, id + "EventLog", new LogGroupProps
        {
            // EventBridge only writes to log groups under /aws/events/.
            LogGroupName = $"/aws/events/{_bus.Name}",
            Retention = RetentionDays.ONE_MONTH,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var ruleName = $"{_bus.Name}-log-all";
        var rule = new CfnRule(_stack, Names.Id(ruleName), new CfnRuleProps
        {
            Name = ruleName,
            Description = $"Every event on {_bus.Name} into {logGroup.LogGroupName}.",
            EventBusName = EventBus.EventBusName,
            // Matches every event: an empty prefix matches any source.
            EventPattern = new Dictionary<string, object> { ["source"] = new object[] { new Dictionary<string, object> { ["prefix"] = "" } } },
            State = "ENABLED",
            Targets = new CfnRule.ITargetProperty[]
            {
                new CfnRule.TargetProperty
                {
                    Id = "log",
                    Arn = _stack.FormatArn(new ArnComponents { Service = "logs", Resource = "log-group", ArnFormat = ArnFormat.COLON_RESOURCE_NAME, ResourceName = logGroup.LogGroupName }),
                    RetryPolicy = Retry(RazorsTopology.DeliveryRetry),
                    DeadLetterConfig = DeadLetter(EventsDeadLetterQueue(), ruleName),
                },
            },
        });
        rule.AddDependency((CfnResource)new ResourcePolicy(_stack, id + "EventLogPolicy", new ResourcePolicyProps
        {
            ResourcePolicyName = $"{_bus.Name}-events-to-logs",
            PolicyStatements =
            [
                new PolicyStatement(new PolicyStatementProps
                {
                    Principals = [new ServicePrincipal("events.amazonaws.com"), new ServicePrincipal("delivery.logs.amazonaws.com")],
                    Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resources = [logGroup.LogGroupArn],
                }),
            ],
        }).Node.DefaultChild!);
    }

    /// <summary>The DLQ the bus's own rules use, or the bus names while it has none; the log rule shares it.</summary>
    private string EventsDeadLetterQueue()
    {
        var queues = _topology.Rules.Where(r => r.Bus == _bus.Name).SelectMany(r => r.Targets).Select(t => t.DeadLetterQueue)
            .Append(_bus.DeadLetterQueue).OfType<string>().Distinct().ToList();
        return queues.Count == 1
            ? queues[0]
            : throw new InvalidOperationException($"The rules on {_bus.Name} use {queues.Count} DLQs ({string.Join(", ", queues)}); the log rule needs exactly one.");
    }

    private void AddRule(RuleDefinition rule, IReadOnlyDictionary<string, Function> functions, IReadOnlyDictionary<string, CfnDeliveryStream> deliveryStreams)
    {
        var targets = new List<CfnRule.ITargetProperty>();
        foreach (var target in rule.Targets)
        {
            var property = new CfnRule.TargetProperty
            {
                Id = target.Id,
                RetryPolicy = Retry(target.RetryPolicy),
                DeadLetterConfig = DeadLetter(target.DeadLetterQueue, rule.Name),
            };
            switch (target)
            {
                case BusTarget bus:
                    property.Arn = PeerBusArn(bus.Bus);
                    property.RoleArn = ForwardingRole(rule, bus).RoleArn;
                    break;
                case QueueTarget queue:
                    property.Arn = _queues[queue.Queue].QueueArn;
                    SendsTo(queue.Queue, rule.Name);
                    break;
                case FunctionTarget function:
                    property.Arn = functions[function.Function].FunctionArn;
                    _ = new CfnPermission(_stack, Names.Id(rule.Name) + Names.Id(target.Id) + "Invoke", new CfnPermissionProps
                    {
                        Action = "lambda:InvokeFunction",
                        FunctionName = functions[function.Function].FunctionArn,
                        Principal = "events.amazonaws.com",
                        SourceArn = RuleArn(rule.Name),
                    });
                    break;
                case DeliveryStreamTarget lake:
                    var stream = deliveryStreams.TryGetValue(lake.DeliveryStream, out var owned)
                        ? owned
                        : throw new InvalidOperationException($"Rule {rule.Name} targets the delivery stream {lake.DeliveryStream}, which is no stream of {_bus.OwnerService}.");
                    property.Arn = stream.AttrArn;
                    property.RoleArn = DeliveryRole(rule, lake, stream).RoleArn;
                    break;
                default:
                    throw new NotSupportedException($"Rule target {target.GetType().Name} ({rule.Name}/{target.Id}) has no CDK mapping.");
            }

            targets.Add(property);
        }

        _ = new CfnRule(_stack, Names.Id(rule.Name), new CfnRuleProps
        {
            Name = rule.Name,
            Description = rule.Description,
            EventBusName = EventBus.EventBusName,
            EventPattern = Pattern(rule),
            State = "ENABLED",
            Targets = targets.ToArray(),
        });
    }

    /// <summary>
    /// The topology's pattern; for a rule that matches a peer's events, with <c>account</c> = the
    /// peer's account: such a rule matches no event sent from another account
    /// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html).
    /// </summary>
    private Dictionary<string, object?> Pattern(RuleDefinition rule)
    {
        var pattern = (Dictionary<string, object?>)Names.ToCloudFormation(JsonNode.Parse(rule.EventPattern))!;
        if (ExactSources(rule) is null)
        {
            // Every source (a prefix): the bus's own events and what every peer forwards here, each as
            // put in its account; without the peers' accounts a rule takes no event from another account.
            if (pattern.ContainsKey("account"))
            {
                throw new InvalidOperationException($"Rule {rule.Name} names an account itself; the stacks set it.");
            }

            pattern["account"] = _topology.Rules.Where(r => r.Targets.OfType<BusTarget>().Any(t => t.Bus == _bus.Name))
                .Select(r => _settings.AccountOf(_topology.Buses.Single(b => b.Name == r.Bus).OwnerService))
                .Prepend(Aws.ACCOUNT_ID)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            return pattern;
        }

        var producers = Sources(rule).Select(PeerOwning).ToList();
        if (producers.All(p => p is null))
        {
            return pattern;
        }

        if (producers.Any(p => p is null) || pattern.ContainsKey("account"))
        {
            throw new InvalidOperationException($"Rule {rule.Name} matches a peer's source and its own, or names an account itself; give each producer its own rule.");
        }

        pattern["account"] = producers.Distinct().Select(p => _settings.AccountOf(p!)).ToArray();
        return pattern;
    }

    /// <summary>The peer service whose forwarding rule brings events of <paramref name="source"/> to this bus, if any.</summary>
    private string? PeerOwning(string source) => _topology.Rules
        .Where(r => r.Targets.OfType<BusTarget>().Any(t => t.Bus == _bus.Name) && Sources(r).Contains(source))
        .Select(r => _topology.Buses.Single(b => b.Name == r.Bus).OwnerService)
        .Distinct()
        .SingleOrDefault();

    /// <summary>The <c>source</c> values a rule's pattern matches.</summary>
    private static IEnumerable<string> Sources(RuleDefinition rule) =>
        ExactSources(rule) ?? throw new InvalidOperationException($"Rule {rule.Name} matches no exact source; the bus policy and the account match need one.");

    /// <summary>The <c>source</c> values of a rule's pattern, or null if it matches sources by an operator (a prefix).</summary>
    private static IReadOnlyList<string>? ExactSources(RuleDefinition rule) =>
        JsonNode.Parse(rule.EventPattern)?["source"] is JsonArray sources && sources.All(s => s is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String)
            ? [.. sources.Select(s => s!.GetValue<string>())]
            : null;

    private CfnRule.DeadLetterConfigProperty DeadLetter(string queue, string ruleName)
    {
        SendsTo(queue, ruleName);
        return new CfnRule.DeadLetterConfigProperty { Arn = _queues[queue].QueueArn };
    }

    private static CfnRule.RetryPolicyProperty Retry(RetryPolicy retry) => new()
    {
        MaximumRetryAttempts = retry.MaximumRetryAttempts,
        MaximumEventAgeInSeconds = retry.MaximumEventAgeInSeconds,
    };

    private void SendsTo(string queue, string ruleName)
    {
        if (!_rulesSendingTo.TryGetValue(queue, out var rules))
        {
            _rulesSendingTo[queue] = rules = [];
        }

        if (!rules.Contains(ruleName))
        {
            rules.Add(ruleName);
        }
    }

    /// <summary>Inbound queues and DLQs accept messages from EventBridge only for the rules that target them.</summary>
    private void AllowRulesToSendToQueues()
    {
        foreach (var (queue, rules) in _rulesSendingTo)
        {
            _queues[queue].AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "FromRules",
                Principals = [new ServicePrincipal("events.amazonaws.com")],
                Actions = ["sqs:SendMessage"],
                Resources = [_queues[queue].QueueArn],
                Conditions = new Dictionary<string, object>
                {
                    ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = rules.Select(RuleArn).ToArray() },
                },
            }));
        }
    }

    /// <summary>Only rules on this bus: a rule's ARN names the bus it is on.</summary>
    private string RuleArn(string rule) => _stack.FormatArn(new ArnComponents { Service = "events", Resource = "rule", ResourceName = $"{_bus.Name}/{rule}" });

    private string PeerBusArn(string bus)
    {
        var owner = _topology.Buses.Single(b => b.Name == bus).OwnerService;
        return _stack.FormatArn(new ArnComponents { Service = "events", Account = _settings.AccountOf(owner), Resource = "event-bus", ResourceName = bus });
    }

    /// <summary>The role EventBridge assumes for a lake rule: PutRecord and PutRecordBatch on its one delivery stream, nothing else.</summary>
    private Role DeliveryRole(RuleDefinition rule, DeliveryStreamTarget target, CfnDeliveryStream stream)
    {
        var role = new Role(_stack, Names.Id(rule.Name) + "Role", new RoleProps
        {
            Description = $"EventBridge puts {_bus.Name}'s events into {target.DeliveryStream}.",
            AssumedBy = new ServicePrincipal("events.amazonaws.com", new ServicePrincipalOpts
            {
                Conditions = new Dictionary<string, object>
                {
                    ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = RuleArn(rule.Name) },
                },
            }),
        });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["firehose:PutRecord", "firehose:PutRecordBatch"],
            Resources = [stream.AttrArn],
        }));
        return role;
    }

    /// <summary>The role EventBridge assumes for one forwarding rule: PutEvents on that one peer bus, nothing else.</summary>
    private Role ForwardingRole(RuleDefinition rule, BusTarget target)
    {
        var role = new Role(_stack, Names.Id(rule.Name) + "Role", new RoleProps
        {
            RoleName = Names.ForwardingRoleName(rule, Aws.REGION),
            Description = $"EventBridge forwards {rule.Name} to {target.Bus}.",
            AssumedBy = new ServicePrincipal("events.amazonaws.com", new ServicePrincipalOpts
            {
                Conditions = new Dictionary<string, object>
                {
                    ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = RuleArn(rule.Name) },
                },
            }),
        });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["events:PutEvents"],
            Resources = [PeerBusArn(target.Bus)],
        }));
        return role;
    }
}
