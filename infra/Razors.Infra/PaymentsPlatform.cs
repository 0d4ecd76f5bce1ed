using Amazon.CDK;
using Amazon.CDK.AWS.DocDB;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.SQS;
using Constructs;
using Razors.Topology;

namespace Razors.Infra;

/// <summary>
/// The payments service's store and worker: a VPC, a DocumentDB cluster with change streams, and
/// the change-stream worker on ECS Fargate that sends outbox records to the outbox FIFO queue (and
/// those it can never send to that queue's DLQ).
/// </summary>
public sealed class PaymentsPlatform : Construct
{
    public const string DatabaseName = "razors-payments";

    public const int DatabasePort = 27017;

    /// <summary>The ECR repository the worker image is pushed to (<c>dotnet publish -t:PublishContainer</c>); the stack never builds images.</summary>
    public const string WorkerRepository = "razors-payments-worker";

    /// <summary>
    /// How long DocumentDB keeps change-stream events (the default is 3 hours): a worker that is down
    /// for up to a day resumes from its token instead of losing outbox records.
    /// </summary>
    public const int ChangeStreamRetentionSeconds = 24 * 3600;

    public PaymentsPlatform(Construct scope, string id, WorkerDefinition worker, Queue outbox, Queue outboxDeadLetters, string workerImageTag)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(outboxDeadLetters);

        // Isolated subnets with VPC endpoints rather than a NAT gateway: nothing next to the database
        // credentials has a route to the internet, and the cost is similar (five interface endpoints
        // in two AZs ≈ 10 × $7.3 a month, against ≈ $33 a month plus $0.045/GB per NAT gateway, and
        // the ECR image pulls stay off the NAT data charge).
        Vpc = new Vpc(this, "Vpc", new VpcProps
        {
            MaxAzs = 2,
            NatGateways = 0,
            SubnetConfiguration = [new SubnetConfiguration { Name = "isolated", SubnetType = SubnetType.PRIVATE_ISOLATED, CidrMask = 24 }],
        });
        Subnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED };
        Vpc.AddGatewayEndpoint("S3", new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.S3, Subnets = [Subnets] });
        foreach (var (name, service) in new[]
        {
            ("SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER),
            ("Sqs", InterfaceVpcEndpointAwsService.SQS),
            ("EcrApi", InterfaceVpcEndpointAwsService.ECR),
            ("EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER),
            ("Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS),
        })
        {
            Vpc.AddInterfaceEndpoint(name, new InterfaceVpcEndpointOptions { Service = service, Subnets = Subnets, PrivateDnsEnabled = true });
        }

        // The functions and the worker; the only source the database admits.
        ClientSecurityGroup = new SecurityGroup(this, "ClientSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "Payments functions and change-stream worker (DocumentDB clients).",
        });

        var parameters = new ClusterParameterGroup(this, "Parameters", new ClusterParameterGroupProps
        {
            Family = "docdb5.0",
            Description = "Razors payments: TLS required, change streams kept a day.",
            Parameters = new Dictionary<string, string>
            {
                ["tls"] = "enabled",
                ["change_stream_log_retention_duration"] = ChangeStreamRetentionSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        Database = new DatabaseCluster(this, "Database", new DatabaseClusterProps
        {
            DbClusterName = DatabaseName,
            EngineVersion = "5.0.0",
            Port = DatabasePort,
            MasterUser = new Login { Username = "razors" },
            InstanceType = Amazon.CDK.AWS.EC2.InstanceType.Of(InstanceClass.T3, InstanceSize.MEDIUM),
            Instances = 1,
            Vpc = Vpc,
            VpcSubnets = Subnets,
            ParameterGroup = parameters,
            StorageEncrypted = true,
            Backup = new BackupProps { Retention = Duration.Days(7) },
            // `cdk destroy` leaves a final snapshot of the payments data.
            RemovalPolicy = RemovalPolicy.SNAPSHOT,
        });
        Database.Connections.AllowDefaultPortFrom(ClientSecurityGroup, "Payments functions and worker");
        DatabaseSecret = Database.Secret ?? throw new InvalidOperationException("The DocumentDB cluster has no generated secret.");
        // Kept with the final snapshot: restoring it needs these credentials. (Database.Secret is
        // the attachment that adds host and port; the generated secret is the cluster's child.)
        ((Amazon.CDK.AWS.SecretsManager.Secret)Database.Node.FindChild("Secret")).ApplyRemovalPolicy(RemovalPolicy.RETAIN);

        DatabaseEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CloudSettings.EnvironmentVariable(CloudSettings.PaymentsDatabaseSecretArn)] = DatabaseSecret.SecretArn,
            [CloudSettings.EnvironmentVariable(CloudSettings.PaymentsDatabaseName)] = DatabaseName,
        };

        var cluster = new Cluster(this, "Cluster", new ClusterProps { Vpc = Vpc, ClusterName = "razors-payments" });
        var task = new FargateTaskDefinition(this, "WorkerTask", new FargateTaskDefinitionProps
        {
            Family = worker.Name,
            Cpu = worker.Cpu,
            MemoryLimitMiB = worker.MemoryMiB,
            RuntimePlatform = new RuntimePlatform { CpuArchitecture = CpuArchitecture.X86_64, OperatingSystemFamily = OperatingSystemFamily.LINUX },
        });
        var environment = new Dictionary<string, string>(DatabaseEnvironment, StringComparer.Ordinal)
        {
            [CloudSettings.EnvironmentVariable(CloudSettings.PaymentsOutboxQueueUrl)] = outbox.QueueUrl,
            [CloudSettings.EnvironmentVariable(CloudSettings.PaymentsOutboxDeadLetterQueueUrl)] = outboxDeadLetters.QueueUrl,
            // Lambda always sets it; on ECS it is set here rather than trusted to the platform version.
            ["AWS_REGION"] = Aws.REGION,
        };
        task.AddContainer("Worker", new ContainerDefinitionOptions
        {
            ContainerName = "worker",
            Image = ContainerImage.FromEcrRepository(Repository.FromRepositoryName(this, "WorkerRepository", WorkerRepository), workerImageTag),
            Environment = environment,
            Logging = LogDrivers.AwsLogs(new AwsLogDriverProps
            {
                StreamPrefix = "worker",
                LogGroup = new LogGroup(this, "WorkerLogs", new LogGroupProps
                {
                    LogGroupName = $"/razors/{worker.Name}",
                    Retention = RetentionDays.ONE_MONTH,
                    RemovalPolicy = RemovalPolicy.DESTROY,
                }),
            }),
        });
        DatabaseSecret.GrantRead(task.TaskRole);
        outbox.GrantSendMessages(task.TaskRole);
        outboxDeadLetters.GrantSendMessages(task.TaskRole);

        WorkerService = new FargateService(this, "Worker", new FargateServiceProps
        {
            ServiceName = worker.Name,
            Cluster = cluster,
            TaskDefinition = task,
            DesiredCount = 1,
            // One change-stream reader at a time: stop the old task before starting the new one
            // (the FIFO deduplication id would absorb an overlap, but one reader is simpler to reason about).
            MinHealthyPercent = 0,
            MaxHealthyPercent = 100,
            VpcSubnets = Subnets,
            SecurityGroups = [ClientSecurityGroup],
            AssignPublicIp = false,
            CircuitBreaker = new DeploymentCircuitBreaker { Rollback = true },
        });
    }

    /// <summary>
    /// The functions trust only the RDS CA bundle published beside them; without it they fail at
    /// cold start, so synthesis says so first (a warning: offline synthesis stays possible).
    /// </summary>
    public void WarnWithoutCaBundle(string repositoryRoot, string project)
    {
        var folder = Path.GetDirectoryName(project)!;
        if (!File.Exists(Path.Combine(repositoryRoot, folder, "rds-global-bundle.pem")))
        {
            Annotations.Of(Stack.Of(this)).AddWarning(
                $"{folder}/rds-global-bundle.pem is missing: the payments functions will not connect to DocumentDB. Run scripts/fetch-rds-ca-bundle.sh before deploying.");
        }
    }

    public Vpc Vpc { get; }

    public SubnetSelection Subnets { get; }

    public SecurityGroup ClientSecurityGroup { get; }

    public DatabaseCluster Database { get; }

    public ISecret DatabaseSecret { get; }

    /// <summary>What the functions and the worker read to connect: the secret's ARN and the database name.</summary>
    public IReadOnlyDictionary<string, string> DatabaseEnvironment { get; }

    public FargateService WorkerService { get; }
}
