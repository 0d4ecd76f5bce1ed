using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Razors.Topology;
using static Razors.Infra.Tests.StackTemplate;

namespace Razors.Infra.Tests;

/// <summary>
/// The notifications stack: a service that raises no events (no relay, no outbox) and sends mail
/// through SES's SMTP interface, with the sender and the SMTP credentials' secret as parameters.
/// </summary>
public sealed class the_notifications_stack(SynthesizedTemplates templates) : a_service_stack(templates, NotificationsTopology.Service)
{
    protected override string? RelayName => null;

    protected override string EventsDeadLetterQueue => NotificationsTopology.EventsDeadLetterQueue.Name;

    private string TableId => Template.Named("AWS::DynamoDB::Table", "TableName", NotificationsTopology.Table.Name).LogicalId;

    private JsonObject Parameter(string name) => Template.Template["Parameters"]![name]!.AsObject();

    [Fact]
    public void its_table_has_no_stream_and_no_index_with_ttl_point_in_time_recovery_and_encryption_and_is_retained()
    {
        var table = Template.LogicalResources[TableId]!;
        var properties = table["Properties"]!;
        Assert.Single(Template.OfType("AWS::DynamoDB::Table"));
        Assert.Null(properties["StreamSpecification"]);
        Assert.Null(properties["GlobalSecondaryIndexes"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]"""),
            properties["KeySchema"]));
        Assert.Equal("expiresAt", properties["TimeToLiveSpecification"]!["AttributeName"]!.GetValue<string>());
        Assert.True(properties["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]!.GetValue<bool>());
        Assert.True(properties["SSESpecification"]!["SSEEnabled"]!.GetValue<bool>());
        Assert.Equal("Retain", table["DeletionPolicy"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("SenderAddress", "welcome@example.com", true)]
    [InlineData("SenderAddress", "welcome", false)]
    [InlineData("SenderAddress", "wel come@example.com", false)]
    [InlineData("SmtpCredentialsSecretArn", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:razors/ses-smtp-AbC123", true)]
    [InlineData("SmtpCredentialsSecretArn", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:razors/ses-smtp", false)]
    [InlineData("SmtpCredentialsSecretArn", "arn:aws:ssm:eu-west-1:111122223333:parameter/ses-smtp-AbC123", false)]
    public void the_sender_and_the_smtp_secret_are_parameters_that_refuse_malformed_values(string name, string value, bool accepted)
    {
        var parameter = Parameter(name);
        Assert.Equal("String", parameter["Type"]!.GetValue<string>());
        Assert.Null(parameter["Default"]);
        Assert.False(string.IsNullOrWhiteSpace(parameter["ConstraintDescription"]?.GetValue<string>()));
        // CloudFormation matches AllowedPattern against the whole value (Java regular expressions; these use nothing .NET reads otherwise).
        Assert.Equal(accepted, Regex.IsMatch(value, parameter["AllowedPattern"]!.GetValue<string>()));
    }

    [Fact]
    public void the_consumer_is_told_its_table_the_sender_the_regional_ses_smtp_endpoint_and_the_secret()
    {
        var consumer = NotificationsTopology.Consumer.Name;
        var redrive = NotificationsTopology.Inbound.Redrive!;
        var expected = new JsonObject
        {
            [CloudSettings.EnvironmentVariable(CloudSettings.NotificationsTable)] = Ref(TableId),
            [CloudSettings.EnvironmentVariable(CloudSettings.NotificationsSender)] = Ref("SenderAddress"),
            [CloudSettings.EnvironmentVariable(CloudSettings.NotificationsSmtpHost)] = JsonNode.Parse("""{"Fn::Join":["",["email-smtp.",{"Ref":"AWS::Region"},".amazonaws.com"]]}"""),
            [CloudSettings.EnvironmentVariable(CloudSettings.NotificationsSmtpPort)] = "587",
            [CloudSettings.EnvironmentVariable(CloudSettings.NotificationsSmtpSecretArn)] = Ref("SmtpCredentialsSecretArn"),
            [CloudSettings.EnvironmentVariable(CloudSettings.InboundDeadLetterQueueUrl)] = Ref(QueueId(redrive.DeadLetterQueue)),
            [CloudSettings.EnvironmentVariable(CloudSettings.InboundQueueUrl)] = Ref(QueueId(NotificationsTopology.Inbound.Name)),
            [CloudSettings.EnvironmentVariable(CloudSettings.InboundMaxReceiveCount)] = "5",
        };
        Assert.Equal("Notifications__Smtp__Host", CloudSettings.EnvironmentVariable(CloudSettings.NotificationsSmtpHost));
        var environment = Environment(consumer);
        Assert.True(JsonNode.DeepEquals(expected, environment), environment.ToJsonString());
    }

    [Fact]
    public void the_consumer_may_read_that_one_secret_use_its_table_and_queues_and_nothing_else()
    {
        var statements = FunctionStatements(NotificationsTopology.Consumer.Name);
        var secret = Assert.Single(statements, s => Actions(s).Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal)));
        Assert.Equal(["secretsmanager:GetSecretValue"], Actions(secret));
        Assert.True(JsonNode.DeepEquals(Ref("SmtpCredentialsSecretArn"), secret["Resource"]));
        // The SMTP credentials carry SES's permission; the function itself may not send through SES's API.
        Assert.DoesNotContain(statements, s => Actions(s).Any(a => a.StartsWith("ses:", StringComparison.Ordinal) || a.StartsWith("kms:", StringComparison.Ordinal)));
        var write = Assert.Single(statements, s => Actions(s).Contains("dynamodb:PutItem"));
        Assert.Contains(GetAtt(TableId, "Arn"), write["Resource"]!.AsArray(), JsonNodeComparer.Instance);
        Assert.All(statements, s => Assert.True(
            Actions(s).All(a => a.StartsWith("dynamodb:", StringComparison.Ordinal) || a.StartsWith("sqs:", StringComparison.Ordinal) || a == "secretsmanager:GetSecretValue"),
            s.ToJsonString()));
    }
}
