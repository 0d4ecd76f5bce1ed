using System.Text.Json.Nodes;
using Razors.Topology;
using static Razors.Infra.Tests.StackTemplate;

namespace Razors.Infra.Tests;

public sealed class the_payments_stack(SynthesizedTemplates templates) : a_service_stack(templates, PaymentsTopology.Service)
{
    protected override string? RelayName => PaymentsTopology.Relay.Name;

    protected override string EventsDeadLetterQueue => PaymentsTopology.EventsDeadLetterQueue.Name;

    private (string LogicalId, JsonObject Properties) Cluster => Assert.Single(Template.OfType("AWS::DocDB::DBCluster"));

    private string SecretId => Assert.Single(Template.OfType("AWS::SecretsManager::SecretTargetAttachment")).LogicalId;

    private string ClientSecurityGroupId =>
        Template.Named("AWS::Lambda::Function", "FunctionName", PaymentsTopology.Consumer.Name).Properties["VpcConfig"]!["SecurityGroupIds"]![0]!["Fn::GetAtt"]![0]!.GetValue<string>();

    [Fact]
    public void the_outbox_is_a_fifo_queue_with_a_fifo_dlq_read_by_the_relay()
    {
        var outbox = Template.Named("AWS::SQS::Queue", "QueueName", PaymentsTopology.Outbox.Name).Properties;
        var dlq = Template.Named("AWS::SQS::Queue", "QueueName", PaymentsTopology.OutboxDeadLetterQueue.Name).Properties;
        Assert.True(outbox["FifoQueue"]!.GetValue<bool>());
        Assert.True(dlq["FifoQueue"]!.GetValue<bool>());
        var mapping = Template.OfType("AWS::Lambda::EventSourceMapping")
            .Single(m => JsonNode.DeepEquals(m.Properties["EventSourceArn"], GetAtt(QueueId(PaymentsTopology.Outbox.Name), "Arn"))).Properties;
        Assert.True(JsonNode.DeepEquals(Ref(FunctionId(PaymentsTopology.Relay.Name)), mapping["FunctionName"]));
        Assert.True(JsonNode.DeepEquals(new JsonArray("ReportBatchItemFailures"), mapping["FunctionResponseTypes"]));
    }

    [Fact]
    public void the_database_is_an_encrypted_documentdb_cluster_with_tls_change_streams_and_a_final_snapshot()
    {
        var (clusterId, cluster) = Cluster;
        Assert.True(cluster["StorageEncrypted"]!.GetValue<bool>());
        Assert.Equal(27017, cluster["Port"]!.GetValue<int>());
        Assert.Equal("Snapshot", Template.LogicalResources[clusterId]!["DeletionPolicy"]!.GetValue<string>());
        var parameterGroupId = cluster["DBClusterParameterGroupName"]!["Ref"]!.GetValue<string>();
        var parameters = Template.LogicalResources[parameterGroupId]!["Properties"]!["Parameters"]!;
        Assert.Equal("enabled", parameters["tls"]!.GetValue<string>());
        Assert.Equal("86400", parameters["change_stream_log_retention_duration"]!.GetValue<string>());
        var instance = Assert.Single(Template.OfType("AWS::DocDB::DBInstance")).Properties;
        Assert.True(JsonNode.DeepEquals(Ref(clusterId), instance["DBClusterIdentifier"]));
    }

    [Fact]
    public void the_database_credentials_are_generated_into_secrets_manager_and_kept_with_the_final_snapshot()
    {
        var (secretId, secret) = Assert.Single(Template.OfType("AWS::SecretsManager::Secret"));
        Assert.Equal("Retain", Template.LogicalResources[secretId]!["DeletionPolicy"]!.GetValue<string>());
        Assert.Equal("password", secret["GenerateSecretString"]!["GenerateStringKey"]!.GetValue<string>());
        var cluster = Cluster.Properties;
        Assert.Contains("{{resolve:secretsmanager:", cluster["MasterUserPassword"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(secretId, cluster["MasterUserPassword"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(cluster["MasterUserPassword"]!.AsObject()["Fn::Join"]![1]!.AsArray().FirstOrDefault(p => p is JsonValue v && v.ToString().Contains("password=", StringComparison.Ordinal)));
    }

    [Fact]
    public void the_database_admits_its_port_only_from_the_payments_functions_and_worker()
    {
        var (clusterId, cluster) = Cluster;
        var databaseGroup = cluster["VpcSecurityGroupIds"]![0]!["Fn::GetAtt"]![0]!.GetValue<string>();
        Assert.Null(Template.LogicalResources[databaseGroup]!["Properties"]!["SecurityGroupIngress"]);
        var ingress = Assert.Single(Template.OfType("AWS::EC2::SecurityGroupIngress"), i => JsonNode.DeepEquals(i.Properties["GroupId"], GetAtt(databaseGroup, "GroupId"))).Properties;
        Assert.True(JsonNode.DeepEquals(GetAtt(ClientSecurityGroupId, "GroupId"), ingress["SourceSecurityGroupId"]));
        Assert.True(JsonNode.DeepEquals(GetAtt(clusterId, "Port"), ingress["FromPort"]));
        Assert.True(JsonNode.DeepEquals(GetAtt(clusterId, "Port"), ingress["ToPort"]));
        var service = Assert.Single(Template.OfType("AWS::ECS::Service")).Properties;
        Assert.True(JsonNode.DeepEquals(GetAtt(ClientSecurityGroupId, "GroupId"), service["NetworkConfiguration"]!["AwsvpcConfiguration"]!["SecurityGroups"]!.AsArray().Single()));
    }

    [Fact]
    public void the_vpc_has_no_route_to_the_internet_and_reaches_aws_services_through_endpoints()
    {
        Assert.Empty(Template.OfType("AWS::EC2::InternetGateway"));
        Assert.Empty(Template.OfType("AWS::EC2::NatGateway"));
        Assert.All(Template.OfType("AWS::EC2::Subnet"), s => Assert.False(s.Properties["MapPublicIpOnLaunch"]!.GetValue<bool>()));
        var endpoints = Template.OfType("AWS::EC2::VPCEndpoint").Select(e => e.Properties["ServiceName"]!.ToJsonString()).ToList();
        foreach (var service in new[] { ".secretsmanager\"", ".sqs\"", ".ecr.api\"", ".ecr.dkr\"", ".logs\"", ".s3\"" })
        {
            Assert.Contains(endpoints, e => e.Contains(service, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void the_functions_that_use_the_database_run_in_the_vpc_and_read_the_secret_and_the_relay_does_not()
    {
        foreach (var function in new[] { PaymentsTopology.Consumer, PaymentsTopology.Api.Function })
        {
            var properties = Template.Named("AWS::Lambda::Function", "FunctionName", function.Name).Properties;
            Assert.True(JsonNode.DeepEquals(GetAtt(ClientSecurityGroupId, "GroupId"), properties["VpcConfig"]!["SecurityGroupIds"]!.AsArray().Single()));
            var expected = new JsonObject
            {
                [CloudSettings.EnvironmentVariable(CloudSettings.PaymentsDatabaseSecretArn)] = Ref(SecretId),
                [CloudSettings.EnvironmentVariable(CloudSettings.PaymentsDatabaseName)] = "razors-payments",
            };
            if (function == PaymentsTopology.Consumer)
            {
                expected[CloudSettings.EnvironmentVariable(CloudSettings.InboundDeadLetterQueueUrl)] = Ref(QueueId(PaymentsTopology.InboundDeadLetterQueue.Name));
                expected[CloudSettings.EnvironmentVariable(CloudSettings.InboundQueueUrl)] = Ref(QueueId(PaymentsTopology.Inbound.Name));
                expected[CloudSettings.EnvironmentVariable(CloudSettings.InboundMaxReceiveCount)] = "5";
            }

            Assert.True(JsonNode.DeepEquals(expected, Environment(function.Name)), Environment(function.Name).ToJsonString());
            var read = Assert.Single(FunctionStatements(function.Name), s => Actions(s).Contains("secretsmanager:GetSecretValue"));
            Assert.True(JsonNode.DeepEquals(Ref(SecretId), read["Resource"]));
        }

        var relay = Template.Named("AWS::Lambda::Function", "FunctionName", PaymentsTopology.Relay.Name).Properties;
        Assert.Null(relay["VpcConfig"]);
        var deadLetters = QueueId(PaymentsTopology.OutboxDeadLetterQueue.Name);
        Assert.True(JsonNode.DeepEquals(
            new JsonObject
            {
                [CloudSettings.EnvironmentVariable(CloudSettings.EventBusName)] = Ref(BusId),
                [CloudSettings.EnvironmentVariable(CloudSettings.RelayDeadLetterQueueUrl)] = Ref(deadLetters),
            },
            Environment(PaymentsTopology.Relay.Name)));
        var send = Assert.Single(FunctionStatements(PaymentsTopology.Relay.Name), s => Actions(s).Contains("sqs:SendMessage"));
        Assert.True(JsonNode.DeepEquals(GetAtt(deadLetters, "Arn"), send["Resource"]));
        Assert.DoesNotContain(FunctionStatements(PaymentsTopology.Relay.Name), s => Actions(s).Contains("secretsmanager:GetSecretValue"));
    }

    [Fact]
    public void the_worker_runs_as_one_private_fargate_task_from_the_ecr_image_with_its_settings_and_grants()
    {
        var worker = PaymentsTopology.OutboxWorker;
        var service = Assert.Single(Template.OfType("AWS::ECS::Service")).Properties;
        Assert.Equal(worker.Name, service["ServiceName"]!.GetValue<string>());
        Assert.Equal("FARGATE", service["LaunchType"]!.GetValue<string>());
        Assert.Equal(1, service["DesiredCount"]!.GetValue<int>());
        Assert.Equal("DISABLED", service["NetworkConfiguration"]!["AwsvpcConfiguration"]!["AssignPublicIp"]!.GetValue<string>());
        Assert.Equal(100, service["DeploymentConfiguration"]!["MaximumPercent"]!.GetValue<int>());

        var (taskId, task) = Assert.Single(Template.OfType("AWS::ECS::TaskDefinition"));
        Assert.True(JsonNode.DeepEquals(Ref(taskId), service["TaskDefinition"]));
        Assert.Equal(worker.Cpu.ToString(System.Globalization.CultureInfo.InvariantCulture), task["Cpu"]!.GetValue<string>());
        var container = task["ContainerDefinitions"]!.AsArray().Single()!;
        Assert.EndsWith("/razors-payments-worker:latest\"]]}", container["Image"]!.ToJsonString(), StringComparison.Ordinal);
        var environment = container["Environment"]!.AsArray().ToDictionary(e => e!["Name"]!.GetValue<string>(), e => e!["Value"]);
        Assert.True(JsonNode.DeepEquals(Ref(SecretId), environment[CloudSettings.EnvironmentVariable(CloudSettings.PaymentsDatabaseSecretArn)]));
        Assert.Equal("razors-payments", environment[CloudSettings.EnvironmentVariable(CloudSettings.PaymentsDatabaseName)]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(Ref(QueueId(PaymentsTopology.Outbox.Name)), environment[CloudSettings.EnvironmentVariable(CloudSettings.PaymentsOutboxQueueUrl)]));
        Assert.True(JsonNode.DeepEquals(
            Ref(QueueId(PaymentsTopology.OutboxDeadLetterQueue.Name)), environment[CloudSettings.EnvironmentVariable(CloudSettings.PaymentsOutboxDeadLetterQueueUrl)]));
        Assert.True(JsonNode.DeepEquals(Ref("AWS::Region"), environment["AWS_REGION"]));

        var taskRole = task["TaskRoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        var statements = Template.OfType("AWS::IAM::Policy")
            .Where(p => p.Properties["Roles"]!.AsArray().Any(r => JsonNode.DeepEquals(r, Ref(taskRole))))
            .SelectMany(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray()).Select(s => s!.AsObject()).ToList();
        Assert.Equal(3, statements.Count);
        Assert.Contains(statements, s => Actions(s).Contains("sqs:SendMessage") && JsonNode.DeepEquals(GetAtt(QueueId(PaymentsTopology.Outbox.Name), "Arn"), s["Resource"]));
        Assert.Contains(statements, s => Actions(s).Contains("sqs:SendMessage") && JsonNode.DeepEquals(GetAtt(QueueId(PaymentsTopology.OutboxDeadLetterQueue.Name), "Arn"), s["Resource"]));
        Assert.Contains(statements, s => Actions(s).Contains("secretsmanager:GetSecretValue") && JsonNode.DeepEquals(Ref(SecretId), s["Resource"]));
        Assert.Empty(Template.OfType("AWS::ECR::Repository"));
    }
}
