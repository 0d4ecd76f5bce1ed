using System.Text.Json.Nodes;
using Razors.Topology;
using static Razors.Infra.Tests.StackTemplate;

namespace Razors.Infra.Tests;

/// <summary>A service whose state and outbox live in one DynamoDB table, relayed from the table's stream.</summary>
public abstract class a_dynamodb_service_stack(SynthesizedTemplates templates, string service, TableDefinition table, FunctionDefinition relay, string tableSetting)
    : a_service_stack(templates, service)
{
    protected override string? RelayName => relay.Name;

    /// <summary>The outbox sweeper republishes through the relay's code, so it is a publisher too.</summary>
    private string SweeperName => RazorsApp.Services.Single(s => s.Service == table.OwnerService).Sweeper!.Name;

    protected override IReadOnlySet<string> Publishers => new HashSet<string>(StringComparer.Ordinal) { relay.Name, SweeperName };

    private string RelayDeadLetterQueue => Topology.StreamMappings.Single(m => m.Function == relay.Name).OnFailureQueue;

    /// <summary>The functions that use resources of their own (<see cref="ServiceSpec.Uses"/>) and never the table's data.</summary>
    protected virtual IReadOnlySet<string> WithoutTableData => new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The settings a function is told besides those of the table, the relay and its feed queue.</summary>
    protected virtual JsonObject OtherSettings(string functionName) => [];

    /// <summary>The queues a function may send to besides its feed queue and that queue's DLQ.</summary>
    protected virtual IReadOnlyList<string> OtherQueuesSentTo(string functionName) => [];

    [Fact]
    public void its_table_has_the_sparse_pending_outbox_index_with_every_attribute()
    {
        var index = Assert.Single(
            Template.LogicalResources[TableId]!["Properties"]!["GlobalSecondaryIndexes"]!.AsArray(),
            i => i!["IndexName"]!.GetValue<string>() == RazorsTopology.PendingOutboxIndex.Name)!;
        Assert.Equal(RazorsTopology.PendingOutboxIndex.Name, index["IndexName"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$"""[{"AttributeName":"{{TableAttributes.OutboxPending}}","KeyType":"HASH"},{"AttributeName":"{{TableAttributes.OccurredAt}}","KeyType":"RANGE"}]"""),
            index["KeySchema"]));
        Assert.Equal("ALL", index["Projection"]!["ProjectionType"]!.GetValue<string>());
    }

    [Fact]
    public void the_sweeper_runs_on_its_schedule()
    {
        var schedule = Topology.Schedules.Single(s => s.Function == SweeperName);
        var rule = Assert.Single(
            Template.OfType("AWS::Events::Rule"),
            r => r.Properties["ScheduleExpression"] is not null
                && JsonNode.DeepEquals(GetAtt(FunctionId(SweeperName), "Arn"), r.Properties["Targets"]![0]!["Arn"]));
        Assert.Equal($"rate({schedule.RateMinutes} minutes)", rule.Properties["ScheduleExpression"]!.GetValue<string>());
        Assert.Single(rule.Properties["Targets"]!.AsArray());
    }

    private string TableId => Template.Named("AWS::DynamoDB::Table", "TableName", table.Name).LogicalId;

    [Fact]
    public void its_table_is_on_demand_with_stream_ttl_point_in_time_recovery_and_encryption_and_is_retained()
    {
        var resource = Template.LogicalResources[TableId]!;
        var properties = resource["Properties"]!;
        Assert.Equal("PAY_PER_REQUEST", properties["BillingMode"]!.GetValue<string>());
        Assert.Equal(table.StreamViewType, properties["StreamSpecification"]!["StreamViewType"]!.GetValue<string>());
        Assert.Equal(table.TimeToLiveAttribute, properties["TimeToLiveSpecification"]!["AttributeName"]!.GetValue<string>());
        Assert.True(properties["TimeToLiveSpecification"]!["Enabled"]!.GetValue<bool>());
        Assert.True(properties["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]!.GetValue<bool>());
        Assert.True(properties["SSESpecification"]!["SSEEnabled"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$"""[{"AttributeName":"{{table.PartitionKey}}","KeyType":"HASH"},{"AttributeName":"{{table.SortKey}}","KeyType":"RANGE"}]"""),
            properties["KeySchema"]));
        Assert.Equal("Retain", resource["DeletionPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void the_relay_gets_only_outbox_inserts_from_the_stream_with_bisect_bounded_retries_and_age_and_a_dlq()
    {
        var mapping = Topology.StreamMappings.Single(m => m.Function == relay.Name);
        var properties = Template.OfType("AWS::Lambda::EventSourceMapping")
            .Single(m => JsonNode.DeepEquals(m.Properties["EventSourceArn"], GetAtt(TableId, "StreamArn")) && JsonNode.DeepEquals(Ref(FunctionId(relay.Name)), m.Properties["FunctionName"])).Properties;
        Assert.Equal(mapping.FilterPattern, properties["FilterCriteria"]!["Filters"]!.AsArray().Single()!["Pattern"]!.GetValue<string>());
        Assert.Equal(RazorsTopology.OutboxInsertFilter, mapping.FilterPattern);
        Assert.Equal(mapping.BisectBatchOnFunctionError, properties["BisectBatchOnFunctionError"]!.GetValue<bool>());
        Assert.Equal(mapping.MaximumRetryAttempts, properties["MaximumRetryAttempts"]!.GetValue<int>());
        Assert.Equal(mapping.MaximumRecordAgeInSeconds, properties["MaximumRecordAgeInSeconds"]!.GetValue<int>());
        Assert.Equal(mapping.BatchSize, properties["BatchSize"]!.GetValue<int>());
        Assert.Equal(mapping.StartingPosition, properties["StartingPosition"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(GetAtt(QueueId(mapping.OnFailureQueue), "Arn"), properties["DestinationConfig"]!["OnFailure"]!["Destination"]));
        Assert.True(JsonNode.DeepEquals(new JsonArray("ReportBatchItemFailures"), properties["FunctionResponseTypes"]));
    }

    [Fact]
    public void every_function_is_told_its_table_and_the_relay_its_bus()
    {
        foreach (var function in OwnedFunctions)
        {
            var environment = Environment(function.Name);
            var expected = OtherSettings(function.Name).DeepClone().AsObject();
            if (!WithoutTableData.Contains(function.Name))
            {
                expected[CloudSettings.EnvironmentVariable(tableSetting)] = Ref(TableId);
            }

            if (Publishers.Contains(function.Name))
            {
                expected[CloudSettings.EnvironmentVariable(CloudSettings.EventBusName)] = Ref(BusId);
                expected[CloudSettings.EnvironmentVariable(CloudSettings.RelayTableName)] = Ref(TableId);
                expected[CloudSettings.EnvironmentVariable(CloudSettings.RelayDeadLetterQueueUrl)] = Ref(QueueId(RelayDeadLetterQueue));
            }

            if (Topology.QueueMappings.SingleOrDefault(m => m.Function == function.Name) is { } feed)
            {
                var redrive = Topology.Queues.Single(q => q.Name == feed.Queue).Redrive!;
                expected[CloudSettings.EnvironmentVariable(CloudSettings.InboundDeadLetterQueueUrl)] = Ref(QueueId(redrive.DeadLetterQueue));
                expected[CloudSettings.EnvironmentVariable(CloudSettings.InboundQueueUrl)] = Ref(QueueId(feed.Queue));
                expected[CloudSettings.EnvironmentVariable(CloudSettings.InboundMaxReceiveCount)] = redrive.MaxReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            Assert.True(JsonNode.DeepEquals(expected, environment), $"{function.Name}: {environment}");
        }
    }

    [Fact]
    public void a_consumer_may_send_only_to_its_inbound_queue_and_that_queues_dlq()
    {
        var feeds = Topology.QueueMappings.Where(m => OwnedFunctions.Any(f => f.Name == m.Function)).ToList();
        Assert.NotEmpty(feeds);
        foreach (var feed in feeds)
        {
            var redrive = Topology.Queues.Single(q => q.Name == feed.Queue).Redrive!;
            var sends = FunctionStatements(feed.Function).Where(s => Actions(s).Contains("sqs:SendMessage")).Select(s => s["Resource"]).ToList();
            var others = OtherQueuesSentTo(feed.Function);
            Assert.Equal(2 + others.Count, sends.Count);
            Assert.Contains(GetAtt(QueueId(feed.Queue), "Arn"), sends, JsonNodeComparer.Instance);
            Assert.Contains(GetAtt(QueueId(redrive.DeadLetterQueue), "Arn"), sends, JsonNodeComparer.Instance);
            Assert.All(others, queue => Assert.Contains(GetAtt(QueueId(queue), "Arn"), sends, JsonNodeComparer.Instance));
        }
    }

    [Fact]
    public void the_handlers_may_read_and_write_the_table_and_the_relay_may_only_read_its_stream_and_settle_its_outbox()
    {
        foreach (var function in OwnedFunctions)
        {
            var statements = FunctionStatements(function.Name);
            var writes = statements.Where(s => Actions(s).Contains("dynamodb:PutItem")).ToList();
            if (Publishers.Contains(function.Name))
            {
                Assert.Empty(writes);
                var settle = Assert.Single(statements, s => Actions(s).Contains("dynamodb:UpdateItem"));
                Assert.Equal(["dynamodb:Query", "dynamodb:UpdateItem"], Actions(settle).Order(StringComparer.Ordinal));
                Assert.Contains(GetAtt(TableId, "Arn"), settle["Resource"]!.AsArray(), JsonNodeComparer.Instance);
                var send = Assert.Single(statements, s => Actions(s).Contains("sqs:SendMessage"));
                Assert.True(JsonNode.DeepEquals(GetAtt(QueueId(RelayDeadLetterQueue), "Arn"), send["Resource"]));
                if (function.Name == relay.Name)
                {
                    var stream = Assert.Single(statements, s => Actions(s).Contains("dynamodb:GetRecords"));
                    Assert.True(JsonNode.DeepEquals(GetAtt(TableId, "StreamArn"), stream["Resource"]));
                }
            }
            else if (WithoutTableData.Contains(function.Name))
            {
                // Neither the table nor its indexes (their ARNs hold the table's); a stream-fed function reads the stream (StreamArn) only.
                var table = GetAtt(TableId, "Arn").ToJsonString();
                Assert.DoesNotContain(statements, s => s["Resource"]!.ToJsonString().Contains(table, StringComparison.Ordinal));
            }
            else
            {
                var write = Assert.Single(writes);
                Assert.Contains(GetAtt(TableId, "Arn"), write["Resource"]!.AsArray(), JsonNodeComparer.Instance);
            }
        }
    }
}

public sealed class the_subscription_stack(SynthesizedTemplates templates)
    : a_dynamodb_service_stack(templates, SubscriptionTopology.Service, SubscriptionTopology.Table, SubscriptionTopology.Relay, CloudSettings.SubscriptionTable)
{
    protected override string EventsDeadLetterQueue => SubscriptionTopology.EventsDeadLetterQueue.Name;

    [Fact]
    public void the_saga_deadline_runs_every_minute_on_the_pending_saga_index_as_a_store_user_that_cannot_put_events()
    {
        var function = SubscriptionTopology.SagaDeadlines.Name;
        var rule = Assert.Single(
            Template.OfType("AWS::Events::Rule"),
            r => r.Properties["ScheduleExpression"] is not null
                && JsonNode.DeepEquals(GetAtt(FunctionId(function), "Arn"), r.Properties["Targets"]![0]!["Arn"]));
        Assert.Equal("rate(1 minute)", rule.Properties["ScheduleExpression"]!.GetValue<string>());
        var table = Template.Named("AWS::DynamoDB::Table", "TableName", SubscriptionTopology.Table.Name);
        var index = Assert.Single(
            table.Properties["GlobalSecondaryIndexes"]!.AsArray(),
            i => i!["IndexName"]!.GetValue<string>() == SubscriptionTopology.PendingSagaIndex.Name)!;
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$"""[{"AttributeName":"{{TableAttributes.SagaPending}}","KeyType":"HASH"},{"AttributeName":"{{TableAttributes.CreatedAt}}","KeyType":"RANGE"}]"""),
            index["KeySchema"]));
        var statements = FunctionStatements(function);
        Assert.Contains(statements, s => Actions(s).Contains("dynamodb:Query"));
        Assert.DoesNotContain(statements, s => Actions(s).Contains("events:PutEvents"));
    }
}

public sealed class the_stock_stack(SynthesizedTemplates templates)
    : a_dynamodb_service_stack(templates, StockTopology.Service, StockTopology.Table, StockTopology.Relay, CloudSettings.StockTable)
{
    protected override string EventsDeadLetterQueue => StockTopology.EventsDeadLetterQueue.Name;
}

/// <summary>Structural equality of JSON nodes, for <c>Assert.Contains</c>.</summary>
public sealed class JsonNodeComparer : IEqualityComparer<JsonNode?>
{
    public static readonly JsonNodeComparer Instance = new();

    public bool Equals(JsonNode? x, JsonNode? y) => JsonNode.DeepEquals(x, y);

    public int GetHashCode(JsonNode? obj) => obj?.ToJsonString().GetHashCode(StringComparison.Ordinal) ?? 0;
}
