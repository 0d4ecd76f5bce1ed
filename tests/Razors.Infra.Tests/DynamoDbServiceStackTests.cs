using System.Text.Json.Nodes;
using Razors.Topology;
using static Razors.Infra.Tests.StackTemplate;

namespace Razors.Infra.Tests;

/// <summary>A service whose state and outbox live in one DynamoDB table, relayed from the table's stream.</summary>
public abstract class a_dynamodb_service_stack(SynthesizedTemplates templates, string service, TableDefinition table, FunctionDefinition relay, string tableSetting)
    : a_service_stack(templates, service)
{
    protected override string RelayName => relay.Name;

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
            .Single(m => JsonNode.DeepEquals(m.Properties["EventSourceArn"], GetAtt(TableId, "StreamArn"))).Properties;
        Assert.True(JsonNode.DeepEquals(Ref(FunctionId(relay.Name)), properties["FunctionName"]));
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
            var expected = new JsonObject { [CloudSettings.EnvironmentVariable(tableSetting)] = Ref(TableId) };
            if (function.Name == relay.Name)
            {
                expected[CloudSettings.EnvironmentVariable(CloudSettings.EventBusName)] = Ref(BusId);
            }

            Assert.True(JsonNode.DeepEquals(expected, environment), $"{function.Name}: {environment}");
        }
    }

    [Fact]
    public void the_handlers_may_read_and_write_the_table_and_the_relay_may_only_read_its_stream()
    {
        foreach (var function in OwnedFunctions)
        {
            var statements = FunctionStatements(function.Name);
            var writes = statements.Where(s => Actions(s).Contains("dynamodb:PutItem")).ToList();
            if (function.Name == relay.Name)
            {
                Assert.Empty(writes);
                var stream = Assert.Single(statements, s => Actions(s).Contains("dynamodb:GetRecords"));
                Assert.True(JsonNode.DeepEquals(GetAtt(TableId, "StreamArn"), stream["Resource"]));
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
