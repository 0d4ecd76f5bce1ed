using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;
using Razors.Topology;
using Function = Amazon.CDK.AWS.Lambda.Function;
using FunctionProps = Amazon.CDK.AWS.Lambda.FunctionProps;
using Table = Amazon.CDK.AWS.DynamoDB.Table;

namespace Razors.Infra;

/// <summary>
/// A function of the topology on <c>dotnet10</c> with JSON logs into its own log group (one month),
/// its settings as environment variables, the access it is given and, if asked, reserved concurrency.
/// </summary>
public static class ServiceFunction
{
    /// <summary>Lambda's .NET 10 managed runtime; CDK 2.160 predates the constant.</summary>
    public static readonly Runtime Dotnet10 = new("dotnet10", RuntimeFamily.DOTNET_CORE);

    public static Function Add(Stack stack, FunctionDefinition definition, LambdaAssets assets, FunctionAccess access, int? reservedConcurrency = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(access);
        var code = definition.Code ?? throw new InvalidOperationException($"Function '{definition.Name}' has no Lambda code in the topology.");
        var id = Names.Id(definition.Name) + "Function";
        var function = new Function(stack, id, new FunctionProps
        {
            FunctionName = definition.Name,
            Runtime = Dotnet10,
            Handler = code.Handler,
            Code = assets.Of(code.Project),
            MemorySize = definition.MemorySize,
            Timeout = Duration.Seconds(definition.TimeoutSeconds),
            LoggingFormat = LoggingFormat.JSON,
            LogGroup = new LogGroup(stack, id + "Logs", new LogGroupProps
            {
                LogGroupName = $"/aws/lambda/{definition.Name}",
                Retention = RetentionDays.ONE_MONTH,
                RemovalPolicy = RemovalPolicy.DESTROY,
            }),
            Environment = new Dictionary<string, string>(access.Environment, StringComparer.Ordinal),
            Vpc = access.Network?.Vpc,
            VpcSubnets = access.Network?.Subnets,
            SecurityGroups = access.Network is { } network ? [network.SecurityGroup] : null,
            ReservedConcurrentExecutions = reservedConcurrency,
        });
        access.GrantTo(function);
        return function;
    }
}

/// <summary>
/// What a function is told and may reach: its environment variables (<c>CloudSettings.EnvironmentVariable</c>),
/// its grants, and the VPC it runs in, if any. Built once per role (relay, store user) and shared, or
/// per function for one with uses of its own (<see cref="ServiceSpec.Uses"/>).
/// </summary>
public sealed class FunctionAccess
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private readonly List<Action<Function>> _grants = [];

    public IReadOnlyDictionary<string, string> Environment => _environment;

    public FunctionNetwork? Network { get; private set; }

    /// <summary>The table's name in the service's setting, without any grant (the relay reads the stream instead).</summary>
    public FunctionAccess NamesTable(Table table, string setting)
    {
        ArgumentNullException.ThrowIfNull(table);
        _environment[CloudSettings.EnvironmentVariable(setting)] = table.TableName;
        return this;
    }

    public FunctionAccess ReadsAndWrites(Table table, string setting)
    {
        ArgumentNullException.ThrowIfNull(table);
        NamesTable(table, setting);
        _grants.Add(f => table.GrantReadWriteData(f));
        return this;
    }

    public FunctionAccess Reads(Table table, string setting)
    {
        ArgumentNullException.ThrowIfNull(table);
        NamesTable(table, setting);
        _grants.Add(f => table.GrantReadData(f));
        return this;
    }

    /// <summary>The queue's URL in the setting, and SendMessage on it.</summary>
    public FunctionAccess SendsTo(Amazon.CDK.AWS.SQS.IQueue queue, string setting)
    {
        ArgumentNullException.ThrowIfNull(queue);
        _environment[CloudSettings.EnvironmentVariable(setting)] = queue.QueueUrl;
        _grants.Add(f => queue.GrantSendMessages(f));
        return this;
    }

    /// <summary>The bucket's name in the setting, and GetObject on its objects (not <c>GrantRead</c>: it allows <c>s3:GetObject*</c>, <c>s3:List*</c>).</summary>
    public FunctionAccess GetsObjectsFrom(IBucket bucket, string setting) => OnObjects(bucket, setting, "s3:GetObject");

    /// <summary>The bucket's name in the setting, and PutObject on its objects (not <c>GrantPut</c>: it allows <c>s3:Abort*</c>).</summary>
    public FunctionAccess PutsObjectsIn(IBucket bucket, string setting) => OnObjects(bucket, setting, "s3:PutObject");

    private FunctionAccess OnObjects(IBucket bucket, string setting, string action)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        _environment[CloudSettings.EnvironmentVariable(setting)] = bucket.BucketName;
        _grants.Add(f => f.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = [action],
            Resources = [bucket.ArnForObjects("*")],
        })));
        return this;
    }

    /// <summary>
    /// The relay's and the sweeper's hold on the outbox: the table's name, marking records
    /// published or dead-lettered (UpdateItem), reading the pending index (Query), and sending
    /// records that can never be published to the relay's DLQ.
    /// </summary>
    public FunctionAccess SettlesOutbox(Table table, Amazon.CDK.AWS.SQS.IQueue deadLetters)
    {
        ArgumentNullException.ThrowIfNull(table);
        _environment[CloudSettings.EnvironmentVariable(CloudSettings.RelayTableName)] = table.TableName;
        _grants.Add(f => table.Grant(f, "dynamodb:UpdateItem", "dynamodb:Query"));
        return DeadLettersTo(deadLetters);
    }

    /// <summary>The URL of the queue a relay sends what it can never publish to, and SendMessage on it.</summary>
    public FunctionAccess DeadLettersTo(Amazon.CDK.AWS.SQS.IQueue deadLetters) => SendsTo(deadLetters, CloudSettings.RelayDeadLetterQueueUrl);

    /// <summary>
    /// A copy of this access, plus what a consumer needs to dead-letter with reasons and to put a
    /// message back after a store outage (shared/Lambda/SqsEventQueueFunction.cs): the URLs of its
    /// inbound queue and of that queue's DLQ, SendMessage on both, and the queue's
    /// <c>maxReceiveCount</c>.
    /// </summary>
    public FunctionAccess ConsumingFrom(Amazon.CDK.AWS.SQS.IQueue inbound, Amazon.CDK.AWS.SQS.IQueue deadLetters, int maxReceiveCount)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(deadLetters);
        var copy = Copy();
        copy.SendsTo(deadLetters, CloudSettings.InboundDeadLetterQueueUrl);
        copy._environment[CloudSettings.EnvironmentVariable(CloudSettings.InboundMaxReceiveCount)] =
            maxReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return copy.SendsTo(inbound, CloudSettings.InboundQueueUrl);
    }

    /// <summary>
    /// A copy of this access, plus sending mail through SES's SMTP interface: the sender address, the
    /// SMTP host and port, the ARN of the secret with the SMTP credentials, and GetSecretValue on
    /// that one secret.
    /// </summary>
    public FunctionAccess SendingMailThrough(SesSmtpMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var copy = Copy();
        copy._environment[CloudSettings.EnvironmentVariable(mail.Spec.SenderSetting)] = mail.Sender.ValueAsString;
        copy._environment[CloudSettings.EnvironmentVariable(mail.Spec.HostSetting)] = mail.Host;
        copy._environment[CloudSettings.EnvironmentVariable(mail.Spec.PortSetting)] = SesSmtpMail.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        copy._environment[CloudSettings.EnvironmentVariable(mail.Spec.CredentialsSecretSetting)] = mail.CredentialsSecret.ValueAsString;
        copy._grants.Add(f => f.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["secretsmanager:GetSecretValue"],
            Resources = [mail.CredentialsSecret.ValueAsString],
        })));
        return copy;
    }

    private FunctionAccess Copy()
    {
        var copy = new FunctionAccess { Network = Network };
        foreach (var (name, value) in _environment)
        {
            copy._environment[name] = value;
        }

        copy._grants.AddRange(_grants);
        return copy;
    }

    public FunctionAccess PutsEventsOn(EventBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        _environment[CloudSettings.EnvironmentVariable(CloudSettings.EventBusName)] = bus.EventBusName;
        _grants.Add(f => bus.GrantPutEventsTo(f));
        return this;
    }

    /// <summary>The DocumentDB cluster: its secret and database name, read access to the secret, and a place in its VPC.</summary>
    public FunctionAccess UsesDatabase(PaymentsPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        foreach (var (name, value) in platform.DatabaseEnvironment)
        {
            _environment[name] = value;
        }

        _grants.Add(f => platform.DatabaseSecret.GrantRead(f));
        Network = new FunctionNetwork(platform.Vpc, platform.Subnets, platform.ClientSecurityGroup);
        return this;
    }

    public void GrantTo(Function function)
    {
        foreach (var grant in _grants)
        {
            grant(function);
        }
    }
}

/// <summary>Where a function in a VPC runs.</summary>
public sealed record FunctionNetwork(IVpc Vpc, SubnetSelection Subnets, ISecurityGroup SecurityGroup);

/// <summary>One code asset per Lambda project, shared by the functions it serves (<see cref="DotnetPublishBundling"/>).</summary>
public sealed class LambdaAssets(string repositoryRoot)
{
    private readonly Dictionary<string, AssetCode> _code = new(StringComparer.Ordinal);

    public AssetCode Of(string project)
    {
        if (!_code.TryGetValue(project, out var asset))
        {
            _code[project] = asset = DotnetPublishBundling.Code(repositoryRoot, project);
        }

        return asset;
    }
}
