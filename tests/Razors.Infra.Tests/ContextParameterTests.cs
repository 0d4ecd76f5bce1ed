using Amazon.CDK;
using Razors.Topology;

namespace Razors.Infra.Tests;

/// <summary>Peer accounts, the worker image tag and the limits, alarm threshold and alarm mail come from CDK context.</summary>
public sealed class when_peer_accounts_and_an_image_tag_are_given
{
    private const string AlarmEmail = "ops@example.com";

    private const string StockAccount = "111111111111";
    private const string PaymentsAccount = "222222222222";
    private const string CustomersAccount = "333333333333";
    private const string InsightsAccount = "444444444444";

    private static readonly Lazy<(StackTemplate Subscription, StackTemplate Payments, StackTemplate Notifications, StackTemplate Insights)> Templates = new(() =>
    {
        var outdir = Directory.CreateTempSubdirectory("razors-infra-context-").FullName;
        try
        {
            var app = new App(new AppProps
            {
                Outdir = outdir,
                Context = new Dictionary<string, object>
                {
                    ["aws:cdk:bundling-stacks"] = Array.Empty<string>(),
                    [InfraSettings.AccountKey(StockTopology.Service)] = StockAccount,
                    [InfraSettings.AccountKey(PaymentsTopology.Service)] = PaymentsAccount,
                    [InfraSettings.AccountKey(CustomersTopology.Service)] = CustomersAccount,
                    [InfraSettings.AccountKey(InsightsTopology.Service)] = InsightsAccount,
                    [InfraSettings.WorkerImageTagKey] = "v42",
                    [InfraSettings.ApiRateLimitKey] = "12.5",
                    [InfraSettings.ApiBurstLimitKey] = 25,
                    [InfraSettings.RelayConcurrencyKey] = "3",
                    [InfraSettings.AlarmEmailKey] = AlarmEmail,
                    [InfraSettings.OldestMessageAlarmSecondsKey] = "120",
                },
            });
            RazorsApp.AddStacks(app);
            var directory = app.Synth().Directory;
            StackTemplate Load(string stack, string service) => StackTemplate.Parse(stack, service, File.ReadAllText(Path.Combine(directory, $"{stack}.template.json")));
            return (
                Load(RazorsApp.SubscriptionStack, SubscriptionTopology.Service),
                Load(RazorsApp.PaymentsStack, PaymentsTopology.Service),
                Load(RazorsApp.NotificationsStack, NotificationsTopology.Service),
                Load(RazorsApp.InsightsStack, InsightsTopology.Service));
        }
        finally
        {
            Directory.Delete(outdir, recursive: true);
        }
    });

    [Fact]
    public void forwarding_rules_target_the_peer_buses_in_the_peer_accounts()
    {
        var toStock = Templates.Value.Subscription.Named("AWS::Events::Rule", "Name", $"{SubscriptionTopology.Bus.Name}-to-{StockTopology.Service}").Properties;
        Assert.Contains($":{StockAccount}:event-bus/{StockTopology.Bus.Name}", toStock["Targets"]![0]!["Arn"]!.ToJsonString(), StringComparison.Ordinal);
        var toPayments = Templates.Value.Subscription.Named("AWS::Events::Rule", "Name", $"{SubscriptionTopology.Bus.Name}-to-{PaymentsTopology.Service}").Properties;
        Assert.Contains($":{PaymentsAccount}:event-bus/{PaymentsTopology.Bus.Name}", toPayments["Targets"]![0]!["Arn"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void the_bus_admits_the_peer_accounts_forwarding_roles_by_name()
    {
        var policy = Templates.Value.Subscription.OfType("AWS::Events::EventBus").Single().Properties["Policy"]!.ToJsonString();
        Assert.Contains($":iam::{StockAccount}:root", policy, StringComparison.Ordinal);
        Assert.Contains($":iam::{StockAccount}:role/{StockTopology.Bus.Name}-to-{SubscriptionTopology.Service}-", policy, StringComparison.Ordinal);
        Assert.Contains($":iam::{PaymentsAccount}:role/{PaymentsTopology.Bus.Name}-to-{SubscriptionTopology.Service}-", policy, StringComparison.Ordinal);
    }

    [Fact]
    public void the_notifications_bus_admits_the_customers_accounts_forwarder_and_its_lake_rule_matches_both_peers_accounts()
    {
        var template = Templates.Value.Notifications;
        var policy = template.OfType("AWS::Events::EventBus").Single().Properties["Policy"]!.ToJsonString();
        Assert.Contains($":iam::{CustomersAccount}:role/{CustomersTopology.Bus.Name}-to-{NotificationsTopology.Service}-", policy, StringComparison.Ordinal);
        var pattern = template.Named("AWS::Events::Rule", "Name", $"{NotificationsTopology.Bus.Name}-to-lake").Properties["EventPattern"]!;
        // Its own account, then the peers that forward to it: subscription (the deploying account here) and customers.
        Assert.True(
            System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse($$"""[{"Ref":"AWS::AccountId"},"{{CustomersAccount}}"]"""), pattern["account"]),
            pattern.ToJsonString());
        var welcome = template.Named("AWS::Events::Rule", "Name", $"{NotificationsTopology.Service}-consumes-CustomerRegistered").Properties["EventPattern"]!;
        Assert.Equal(CustomersAccount, Assert.Single(welcome["account"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public void the_lake_bucket_is_named_for_the_insights_account_and_admits_the_peers_delivery_roles_from_their_accounts()
    {
        var bucket = Assert.Single(Templates.Value.Insights.OfType("AWS::S3::Bucket")).Properties;
        Assert.Contains($"\"{InsightsTopology.Lake.Name}-{InsightsAccount}-\"", bucket["BucketName"]!.ToJsonString(), StringComparison.Ordinal);
        var policy = Assert.Single(Templates.Value.Insights.OfType("AWS::S3::BucketPolicy")).Properties.ToJsonString();
        Assert.Contains($":iam::{PaymentsAccount}:role/{PaymentsTopology.Bus.Name}-lake-", policy, StringComparison.Ordinal);
        Assert.Contains($":iam::{CustomersAccount}:root", policy, StringComparison.Ordinal);

        // The payments stack writes into the bucket of the insights account, by name.
        var stream = Assert.Single(Templates.Value.Payments.OfType("AWS::KinesisFirehose::DeliveryStream")).Properties;
        Assert.Contains($":s3:::{InsightsTopology.Lake.Name}-{InsightsAccount}-\"", stream["ExtendedS3DestinationConfiguration"]!["BucketARN"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void the_worker_runs_the_image_with_the_given_tag()
    {
        var task = Templates.Value.Payments.OfType("AWS::ECS::TaskDefinition").Single().Properties;
        Assert.EndsWith("/razors-payments-worker:v42\"]]}", task["ContainerDefinitions"]![0]!["Image"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void consumer_rules_match_the_account_of_the_peer_whose_events_they_take()
    {
        var template = Templates.Value.Subscription;
        foreach (var (rule, account) in new[]
        {
            ($"{SubscriptionTopology.Service}-consumes-StockAllocated", StockAccount),
            ($"{SubscriptionTopology.Service}-consumes-PaymentCreated", PaymentsAccount),
        })
        {
            var pattern = template.Named("AWS::Events::Rule", "Name", rule).Properties["EventPattern"]!;
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(new System.Text.Json.Nodes.JsonArray(account), pattern["account"]), $"{rule}: {pattern}");
        }
    }

    [Fact]
    public void the_stage_limits_the_relay_concurrency_and_the_alarm_threshold_are_the_given_ones()
    {
        var template = Templates.Value.Subscription;
        var stage = Assert.Single(template.OfType("AWS::ApiGatewayV2::Stage")).Properties["DefaultRouteSettings"]!;
        Assert.Equal(12.5, stage["ThrottlingRateLimit"]!.GetValue<double>());
        Assert.Equal(25, stage["ThrottlingBurstLimit"]!.GetValue<int>());
        var relay = template.Named("AWS::Lambda::Function", "FunctionName", SubscriptionTopology.Relay.Name).Properties;
        Assert.Equal(3, relay["ReservedConcurrentExecutions"]!.GetValue<int>());
        var age = template.Named("AWS::CloudWatch::Alarm", "AlarmName", $"{SubscriptionTopology.Inbound.Name}-oldest-message").Properties;
        Assert.Equal(120, age["Threshold"]!.GetValue<int>());
    }

    [Fact]
    public void the_alarm_topic_mails_the_given_address()
    {
        foreach (var template in new[] { Templates.Value.Subscription, Templates.Value.Payments })
        {
            var topicId = template.Named("AWS::SNS::Topic", "TopicName", $"razors-{template.Service}-alarms").LogicalId;
            var subscription = Assert.Single(template.OfType("AWS::SNS::Subscription")).Properties;
            Assert.Equal("email", subscription["Protocol"]!.GetValue<string>());
            Assert.Equal(AlarmEmail, subscription["Endpoint"]!.GetValue<string>());
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(StackTemplate.Ref(topicId), subscription["TopicArn"]));
        }
    }

    [Theory]
    [InlineData("razors:stockAccount", "12345", "12-digit AWS account id")]
    [InlineData("razors:insightsAccount", "insights", "12-digit AWS account id")]
    [InlineData("razors:apiRateLimit", "fast", "number from 1 to 10000")]
    [InlineData("razors:apiBurstLimit", "2.5", "whole number from 1 to 5000")]
    [InlineData("razors:relayConcurrency", "1", "whole number from 2 to 1000")]
    [InlineData("razors:oldestMessageAlarmSeconds", "30", "whole number from 60 to 1209600")]
    [InlineData("razors:alarmEmail", "ops", "email address or empty")]
    [InlineData("razors:workerImageTag", "no spaces", "container image tag")]
    public void a_malformed_value_fails_synthesis_naming_the_context_key(string key, string value, string expected)
    {
        var app = new App(new AppProps { Context = new Dictionary<string, object> { [key] = value } });

        var error = Assert.Throws<ArgumentException>(() => RazorsApp.AddStacks(app));

        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
