using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SQS;
using Amazon.CDK.AwsApigatewayv2Integrations;
using Constructs;
using Razors.Topology;
using Function = Amazon.CDK.AWS.Lambda.Function;
using FunctionProps = Amazon.CDK.AWS.Lambda.FunctionProps;
using CfnRule = Amazon.CDK.AWS.Events.CfnRule;
using CfnRuleProps = Amazon.CDK.AWS.Events.CfnRuleProps;

namespace Razors.Infra;

/// <summary>
/// One service's stack, built from the topology entries it owns: queues and DLQs (with alarms),
/// its table, its bus (policy, archive, log rule), the rules on its bus, its functions and their
/// mappings, its HTTP API, and for payments the DocumentDB platform. Peers are named by ARN.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A CDK stack, not a collection.")]
public sealed class ServiceStack : Stack
{
    /// <summary>Lambda's .NET 10 managed runtime; CDK 2.160 predates the constant.</summary>
    public static readonly Runtime Dotnet10 = new("dotnet10", RuntimeFamily.DOTNET_CORE);

    private readonly ServiceSpec _spec;
    private readonly TopologyDefinition _topology;
    private readonly InfraSettings _settings;
    private readonly string _repositoryRoot;
    private readonly Dictionary<string, Queue> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Table> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Function> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AssetCode> _code = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _rulesSendingTo = new(StringComparer.Ordinal);

    public ServiceStack(Construct scope, ServiceSpec spec, TopologyDefinition topology, InfraSettings settings, string repositoryRoot)
        : base(scope, spec?.StackName, new StackProps { Description = $"Razors {spec?.Service} service." })
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(settings);
        _spec = spec;
        _topology = topology;
        _settings = settings;
        _repositoryRoot = repositoryRoot;
        Amazon.CDK.Tags.Of(this).Add("razors:service", spec.Service);

        AddQueues();
        foreach (var table in topology.Tables.Where(Owned))
        {
            AddTable(table);
        }

        var bus = topology.Buses.Single(b => Owned(b.OwnerService));
        var eventBus = new EventBus(this, Names.Id(bus.Name) + "Bus", new EventBusProps { EventBusName = bus.Name });
        if (spec.Service == PaymentsTopology.Service)
        {
            Payments = new PaymentsPlatform(this, "Platform", _queues[PaymentsTopology.Outbox.Name], settings.WorkerImageTag);
            WarnWithoutCaBundle();
        }

        foreach (var function in topology.Functions.Where(f => Owned(f.OwnerService)).Concat(topology.HttpApis.Where(a => Owned(a.OwnerService)).Select(a => a.Function)))
        {
            AddFunction(function, eventBus);
        }

        SetBusPolicy(eventBus, bus);
        AddArchiveAndLog(eventBus, bus);
        foreach (var rule in topology.Rules.Where(r => r.Bus == bus.Name))
        {
            AddRule(rule, eventBus);
        }

        AllowRulesToSendToQueues();
        AddMappings();
        foreach (var api in topology.HttpApis.Where(a => Owned(a.OwnerService)))
        {
            var httpApi = new HttpApi(this, Names.Id(api.Name) + "HttpApi", new HttpApiProps
            {
                ApiName = api.Name,
                Description = $"The {spec.Service} service's public API.",
                DefaultIntegration = new HttpLambdaIntegration(Names.Id(api.Name) + "Integration", _functions[api.Function.Name]),
            });
            _ = new CfnOutput(this, "ApiUrl", new CfnOutputProps { Value = httpApi.Url!, Description = $"{api.Name} base URL." });
        }
    }

    /// <summary>The VPC, DocumentDB cluster and change-stream worker; only in the payments stack.</summary>
    public PaymentsPlatform? Payments { get; }

    private bool Owned(string ownerService) => ownerService == _spec.Service;

    /// <summary>
    /// The payments functions trust only the RDS CA bundle published beside them; without it they
    /// fail at cold start, so synthesis says so first (a warning: offline synthesis stays possible).
    /// </summary>
    private void WarnWithoutCaBundle()
    {
        var project = Path.GetDirectoryName(PaymentsTopology.Api.Function.Code!.Project)!;
        if (!File.Exists(Path.Combine(_repositoryRoot, project, "rds-global-bundle.pem")))
        {
            Annotations.Of(this).AddWarning(
                $"{project}/rds-global-bundle.pem is missing: the payments functions will not connect to DocumentDB. Run scripts/fetch-rds-ca-bundle.sh before deploying.");
        }
    }

    private bool Owned(TableDefinition table) => Owned(table.OwnerService);

    private void AddQueues()
    {
        var deadLetterQueues = _topology.DeadLetterQueues;
        // Redrive targets first, so a queue can name its DLQ.
        foreach (var queue in _topology.Queues.Where(q => Owned(q.OwnerService)).OrderBy(q => q.Redrive is null ? 0 : 1))
        {
            var id = Names.Id(queue.Name);
            var created = new Queue(this, id + "Queue", new QueueProps
            {
                QueueName = queue.Name,
                Fifo = queue.Fifo ? true : null,
                ContentBasedDeduplication = queue.Fifo ? queue.ContentBasedDeduplication : null,
                VisibilityTimeout = Duration.Seconds(queue.VisibilityTimeoutSeconds),
                RetentionPeriod = Duration.Seconds(queue.MessageRetentionSeconds),
                Encryption = QueueEncryption.SQS_MANAGED,
                DeadLetterQueue = queue.Redrive is { } redrive
                    ? new DeadLetterQueue { Queue = _queues[redrive.DeadLetterQueue], MaxReceiveCount = redrive.MaxReceiveCount }
                    : null,
            });
            _queues[queue.Name] = created;
            DenyWithoutTls(created);
            if (deadLetterQueues.Contains(queue.Name))
            {
                _ = new Alarm(this, id + "NotEmpty", new AlarmProps
                {
                    AlarmName = $"{queue.Name}-not-empty",
                    AlarmDescription = $"Messages are waiting in the DLQ {queue.Name}: inspect and redrive them (razors dlq).",
                    Metric = created.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum" }),
                    Threshold = 0,
                    ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
                    EvaluationPeriods = 1,
                    TreatMissingData = TreatMissingData.NOT_BREACHING,
                });
                _ = new CfnOutput(this, id + "Url", new CfnOutputProps { Value = created.QueueUrl, Description = $"URL of the DLQ {queue.Name}." });
            }
        }
    }

    /// <summary>
    /// Every SQS action on the queue, spelled out. CDK's <c>enforceSSL</c> denies <c>sqs:*</c>; the
    /// explicit list keeps every template free of wildcard actions (batch calls are authorized as
    /// their single-message action).
    /// </summary>
    public static readonly IReadOnlyList<string> QueueActions =
    [
        "sqs:AddPermission", "sqs:CancelMessageMoveTask", "sqs:ChangeMessageVisibility", "sqs:CreateQueue", "sqs:DeleteMessage",
        "sqs:DeleteQueue", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListDeadLetterSourceQueues",
        "sqs:ListMessageMoveTasks", "sqs:ListQueueTags", "sqs:PurgeQueue", "sqs:ReceiveMessage", "sqs:RemovePermission",
        "sqs:SendMessage", "sqs:SetQueueAttributes", "sqs:StartMessageMoveTask", "sqs:TagQueue", "sqs:UntagQueue",
    ];

    /// <summary>Requests without TLS are refused, whoever makes them.</summary>
    private static void DenyWithoutTls(Queue queue) => queue.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
    {
        Sid = "DenyWithoutTls",
        Effect = Effect.DENY,
        Principals = [new AnyPrincipal()],
        Actions = [.. QueueActions],
        Resources = [queue.QueueArn],
        Conditions = new Dictionary<string, object>
        {
            ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" },
        },
    }));

    private void AddTable(TableDefinition table)
    {
        _tables[table.Name] = new Table(this, Names.Id(table.Name) + "Table", new TableProps
        {
            TableName = table.Name,
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = table.PartitionKey, Type = AttributeType.STRING },
            SortKey = table.SortKey is null ? null : new Amazon.CDK.AWS.DynamoDB.Attribute { Name = table.SortKey, Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            Stream = table.StreamViewType is null ? null : Enum.Parse<StreamViewType>(table.StreamViewType),
            TimeToLiveAttribute = table.TimeToLiveAttribute,
            PointInTimeRecovery = true,
            Encryption = TableEncryption.AWS_MANAGED,
            // The service's state: `cdk destroy` leaves it (delete it by hand if meant).
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
    }

    private void AddFunction(FunctionDefinition definition, EventBus bus)
    {
        var code = definition.Code ?? throw new InvalidOperationException($"Function '{definition.Name}' has no Lambda code in the topology.");
        if (!_code.TryGetValue(code.Project, out var asset))
        {
            asset = DotnetPublishBundling.Code(_repositoryRoot, code.Project);
            _code[code.Project] = asset;
        }

        var id = Names.Id(definition.Name) + "Function";
        var isRelay = definition.Name == _spec.Relay.Name;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_spec.TableSetting is { } tableSetting)
        {
            environment[CloudSettings.EnvironmentVariable(tableSetting)] = _tables.Values.Single().TableName;
        }

        if (isRelay)
        {
            environment[CloudSettings.EnvironmentVariable(CloudSettings.EventBusName)] = bus.EventBusName;
        }
        else if (Payments is not null)
        {
            foreach (var (name, value) in Payments.DatabaseEnvironment)
            {
                environment[name] = value;
            }
        }

        var inDatabaseVpc = Payments is not null && !isRelay;
        var function = new Function(this, id, new FunctionProps
        {
            FunctionName = definition.Name,
            Runtime = Dotnet10,
            Handler = code.Handler,
            Code = asset,
            MemorySize = definition.MemorySize,
            Timeout = Duration.Seconds(definition.TimeoutSeconds),
            LoggingFormat = LoggingFormat.JSON,
            LogGroup = new LogGroup(this, id + "Logs", new LogGroupProps
            {
                LogGroupName = $"/aws/lambda/{definition.Name}",
                Retention = RetentionDays.ONE_MONTH,
                RemovalPolicy = RemovalPolicy.DESTROY,
            }),
            Environment = environment,
            Vpc = inDatabaseVpc ? Payments!.Vpc : null,
            VpcSubnets = inDatabaseVpc ? Payments!.Subnets : null,
            SecurityGroups = inDatabaseVpc ? [Payments!.ClientSecurityGroup] : null,
        });
        _functions[definition.Name] = function;

        if (isRelay)
        {
            bus.GrantPutEventsTo(function);
        }
        else
        {
            foreach (var table in _tables.Values)
            {
                table.GrantReadWriteData(function);
            }

            Payments?.DatabaseSecret.GrantRead(function);
        }
    }

    /// <summary>
    /// PutEvents only from the own relay's role and from the roles of the peers' forwarding rules.
    /// A peer's role is named (account principal + <c>aws:PrincipalArn</c>), not referenced, so this
    /// policy deploys before the peer exists and no stack imports another.
    /// </summary>
    private void SetBusPolicy(EventBus eventBus, BusDefinition bus)
    {
        // Built from the name: the bus's own ARN attribute inside its own Policy would be a circular reference.
        var busArn = FormatArn(new ArnComponents { Service = "events", Resource = "event-bus", ResourceName = bus.Name });
        var statements = new List<PolicyStatement>
        {
            new(new PolicyStatementProps
            {
                Sid = "OwnRelay",
                Principals = [new ArnPrincipal(_functions[_spec.Relay.Name].Role!.RoleArn)],
                Actions = ["events:PutEvents"],
                Resources = [busArn],
            }),
        };
        foreach (var rule in _topology.Rules.Where(r => r.Targets.OfType<BusTarget>().Any(t => t.Bus == bus.Name)))
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
                },
            }));
        }

        ((CfnEventBus)eventBus.Node.DefaultChild!).Policy = new PolicyDocument(new PolicyDocumentProps { Statements = [.. statements] });
    }

    /// <summary>An archive of everything on the bus (replay after a consumer bug) and a rule that logs every event.</summary>
    private void AddArchiveAndLog(EventBus eventBus, BusDefinition bus)
    {
        _ = new CfnArchive(this, Names.Id(bus.Name) + "Archive", new CfnArchiveProps
        {
            ArchiveName = $"{bus.Name}-archive",
            Description = $"Every event on {bus.Name}.",
            SourceArn = eventBus.EventBusArn,
            RetentionDays = bus.ArchiveRetentionDays,
        });

        var logGroup = new LogGroup(this, Names.Id(bus.Name) + "EventLog", new LogGroupProps
        {
            // EventBridge only writes to log groups under /aws/events/.
            LogGroupName = $"/aws/events/{bus.Name}",
            Retention = RetentionDays.ONE_MONTH,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var ruleName = $"{bus.Name}-log-all";
        var rule = new CfnRule(this, Names.Id(ruleName), new CfnRuleProps
        {
            Name = ruleName,
            Description = $"Every event on {bus.Name} into {logGroup.LogGroupName}.",
            EventBusName = eventBus.EventBusName,
            // Matches every event: an empty prefix matches any source.
            EventPattern = new Dictionary<string, object> { ["source"] = new object[] { new Dictionary<string, object> { ["prefix"] = "" } } },
            State = "ENABLED",
            Targets = new CfnRule.ITargetProperty[]
            {
                new CfnRule.TargetProperty
                {
                    Id = "log",
                    Arn = FormatArn(new ArnComponents { Service = "logs", Resource = "log-group", ArnFormat = ArnFormat.COLON_RESOURCE_NAME, ResourceName = logGroup.LogGroupName }),
                    RetryPolicy = Retry(RazorsTopology.DeliveryRetry),
                    DeadLetterConfig = DeadLetter(EventsDeadLetterQueue(bus), ruleName),
                },
            },
        });
        rule.AddDependency((CfnResource)new ResourcePolicy(this, Names.Id(bus.Name) + "EventLogPolicy", new ResourcePolicyProps
        {
            ResourcePolicyName = $"{bus.Name}-events-to-logs",
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

    /// <summary>The DLQ the bus's own rules use; the log rule shares it.</summary>
    private string EventsDeadLetterQueue(BusDefinition bus)
    {
        var queues = _topology.Rules.Where(r => r.Bus == bus.Name).SelectMany(r => r.Targets).Select(t => t.DeadLetterQueue).Distinct().ToList();
        return queues.Count == 1
            ? queues[0]
            : throw new InvalidOperationException($"The rules on {bus.Name} use {queues.Count} DLQs ({string.Join(", ", queues)}); the log rule needs exactly one.");
    }

    private void AddRule(RuleDefinition rule, EventBus eventBus)
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
                    property.Arn = _functions[function.Function].FunctionArn;
                    _ = new CfnPermission(this, Names.Id(rule.Name) + Names.Id(target.Id) + "Invoke", new CfnPermissionProps
                    {
                        Action = "lambda:InvokeFunction",
                        FunctionName = _functions[function.Function].FunctionArn,
                        Principal = "events.amazonaws.com",
                        SourceArn = RuleArn(rule.Bus, rule.Name),
                    });
                    break;
                default:
                    throw new NotSupportedException($"Rule target {target.GetType().Name} ({rule.Name}/{target.Id}) has no CDK mapping.");
            }

            targets.Add(property);
        }

        _ = new CfnRule(this, Names.Id(rule.Name), new CfnRuleProps
        {
            Name = rule.Name,
            Description = rule.Description,
            EventBusName = eventBus.EventBusName,
            EventPattern = Names.ToCloudFormation(JsonNode.Parse(rule.EventPattern)),
            State = "ENABLED",
            Targets = targets.ToArray(),
        });
    }

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
        var bus = _topology.Buses.Single(b => Owned(b.OwnerService));
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
                    ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = rules.Select(r => RuleArn(bus.Name, r)).ToArray() },
                },
            }));
        }
    }

    private string RuleArn(string bus, string rule) => FormatArn(new ArnComponents { Service = "events", Resource = "rule", ResourceName = $"{bus}/{rule}" });

    private string PeerBusArn(string bus)
    {
        var owner = _topology.Buses.Single(b => b.Name == bus).OwnerService;
        return FormatArn(new ArnComponents { Service = "events", Account = _settings.AccountOf(owner), Resource = "event-bus", ResourceName = bus });
    }

    /// <summary>The role EventBridge assumes for one forwarding rule: PutEvents on that one peer bus, nothing else.</summary>
    private Role ForwardingRole(RuleDefinition rule, BusTarget target)
    {
        var role = new Role(this, Names.Id(rule.Name) + "Role", new RoleProps
        {
            RoleName = Names.ForwardingRoleName(rule, Aws.REGION),
            Description = $"EventBridge forwards {rule.Name} to {target.Bus}.",
            AssumedBy = new ServicePrincipal("events.amazonaws.com", new ServicePrincipalOpts
            {
                Conditions = new Dictionary<string, object>
                {
                    ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = RuleArn(rule.Bus, rule.Name) },
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

    private void AddMappings()
    {
        foreach (var mapping in _topology.StreamMappings.Where(m => _functions.ContainsKey(m.Function)))
        {
            if (_topology.Queues.Single(q => q.Name == mapping.OnFailureQueue).Fifo)
            {
                // Lambda refuses a FIFO on-failure destination for stream mappings; CDK does not check.
                throw new InvalidOperationException($"The stream mapping of {mapping.Function} sends failures to the FIFO queue {mapping.OnFailureQueue}; it must be a standard queue.");
            }

            _functions[mapping.Function].AddEventSource(new DynamoEventSource(_tables[mapping.Table], new DynamoEventSourceProps
            {
                StartingPosition = Enum.Parse<StartingPosition>(mapping.StartingPosition),
                BatchSize = mapping.BatchSize,
                BisectBatchOnError = mapping.BisectBatchOnFunctionError,
                RetryAttempts = mapping.MaximumRetryAttempts < 0 ? null : mapping.MaximumRetryAttempts,
                MaxRecordAge = mapping.MaximumRecordAgeInSeconds < 0 ? null : Duration.Seconds(mapping.MaximumRecordAgeInSeconds),
                ReportBatchItemFailures = mapping.ReportBatchItemFailures,
                OnFailure = new SqsDlq(_queues[mapping.OnFailureQueue]),
                Filters = mapping.FilterPattern is null ? null : [new Dictionary<string, object> { ["pattern"] = mapping.FilterPattern }],
            }));
        }

        foreach (var mapping in _topology.QueueMappings.Where(m => _functions.ContainsKey(m.Function)))
        {
            _functions[mapping.Function].AddEventSource(new SqsEventSource(_queues[mapping.Queue], new SqsEventSourceProps
            {
                BatchSize = mapping.BatchSize,
                ReportBatchItemFailures = mapping.ReportBatchItemFailures,
            }));
        }
    }
}
