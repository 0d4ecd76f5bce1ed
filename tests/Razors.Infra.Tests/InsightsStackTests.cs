using System.Text.Json.Nodes;
using Razors.Topology;
using static Razors.Infra.Tests.StackTemplate;

namespace Razors.Infra.Tests;

/// <summary>
/// The insights stack: the leaderboard read model (a table whose board index sorts by a numeric
/// score), the leaderboard API that only reads it, and the event lake every bus owner writes to.
/// </summary>
public sealed class the_insights_stack(SynthesizedTemplates templates) : a_service_stack(templates, InsightsTopology.Service)
{
    protected override string? RelayName => null;

    protected override string EventsDeadLetterQueue => InsightsTopology.EventsDeadLetterQueue.Name;

    private string TableId => Template.Named("AWS::DynamoDB::Table", "TableName", InsightsTopology.Table.Name).LogicalId;

    private (string LogicalId, JsonNode Resource) Lake
    {
        get
        {
            var (id, _) = Assert.Single(Template.OfType("AWS::S3::Bucket"));
            return (id, Template.LogicalResources[id]!);
        }
    }

    [Fact]
    public void the_board_index_is_keyed_by_board_and_sorted_by_a_numeric_score()
    {
        var properties = Template.LogicalResources[TableId]!["Properties"]!;
        var index = Assert.Single(properties["GlobalSecondaryIndexes"]!.AsArray())!;
        Assert.Equal(InsightsTopology.ScoreIndex.Name, index["IndexName"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"AttributeName":"board","KeyType":"HASH"},{"AttributeName":"score","KeyType":"RANGE"}]"""),
            index["KeySchema"]));
        Assert.Equal("ALL", index["Projection"]!["ProjectionType"]!.GetValue<string>());
        var types = properties["AttributeDefinitions"]!.AsArray().ToDictionary(a => a!["AttributeName"]!.GetValue<string>(), a => a!["AttributeType"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["pk"] = "S", ["sk"] = "S", ["board"] = "S", ["score"] = "N" }, types);
        Assert.Null(properties["StreamSpecification"]);
        Assert.Equal("Retain", Template.LogicalResources[TableId]!["DeletionPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void the_consumer_and_the_api_are_told_the_table_and_only_the_consumer_may_write_it()
    {
        Assert.Equal("Insights__TableName", CloudSettings.EnvironmentVariable(CloudSettings.InsightsTable));
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["Insights__TableName"] = Ref(TableId) }, Environment(InsightsTopology.Api.Function.Name)));
        var consumer = Environment(InsightsTopology.Consumer.Name);
        Assert.True(JsonNode.DeepEquals(Ref(TableId), consumer["Insights__TableName"]));
        Assert.Equal(4, consumer.Count);

        var api = FunctionStatements(InsightsTopology.Api.Function.Name);
        var read = Assert.Single(api);
        Assert.Contains("dynamodb:Query", Actions(read));
        Assert.DoesNotContain(Actions(read), a => a is "dynamodb:PutItem" or "dynamodb:UpdateItem" or "dynamodb:DeleteItem" or "dynamodb:BatchWriteItem");
        // The table and its indexes: the board query reads the index.
        Assert.Contains(GetAtt(TableId, "Arn"), read["Resource"]!.AsArray(), JsonNodeComparer.Instance);
        Assert.Contains(read["Resource"]!.AsArray(), r => r!.ToJsonString().EndsWith("\"/index/*\"]]}", StringComparison.Ordinal));
        Assert.Contains(FunctionStatements(InsightsTopology.Consumer.Name), s => Actions(s).Contains("dynamodb:PutItem"));
    }

    [Fact]
    public void the_lake_bucket_is_named_for_the_insights_account_and_region_encrypted_private_expiring_and_retained()
    {
        var (id, resource) = Lake;
        var properties = resource["Properties"]!;
        Assert.Equal($"{InsightsTopology.Lake.Name}-${{AWS::AccountId}}-${{AWS::Region}}", Flat(properties["BucketName"]));
        Assert.Equal("AES256", properties["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"BlockPublicAcls":true,"BlockPublicPolicy":true,"IgnorePublicAcls":true,"RestrictPublicBuckets":true}"""),
            properties["PublicAccessBlockConfiguration"]));
        // No ACLs: the lake's account owns what the other accounts' streams write.
        Assert.Equal("BucketOwnerEnforced", properties["OwnershipControls"]!["Rules"]![0]!["ObjectOwnership"]!.GetValue<string>());
        var rule = Assert.Single(properties["LifecycleConfiguration"]!["Rules"]!.AsArray())!;
        Assert.Equal(InsightsTopology.Lake.RetentionDays, rule["ExpirationInDays"]!.GetValue<int>());
        Assert.Equal(365, rule["ExpirationInDays"]!.GetValue<int>());
        Assert.Equal("Enabled", rule["Status"]!.GetValue<string>());
        Assert.Equal("Retain", resource["DeletionPolicy"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(Ref(id), Template.StackOutputs["LakeBucketName"]!["Value"]));
        Assert.Null(Template.StackOutputs["LakeBucketName"]!["Export"]);
    }

    [Fact]
    public void the_lake_admits_each_bus_owners_delivery_role_by_name_for_its_own_bus_prefixes_only()
    {
        var (id, _) = Lake;
        var policy = Assert.Single(Template.OfType("AWS::S3::BucketPolicy"), p => JsonNode.DeepEquals(Ref(id), p.Properties["Bucket"])).Properties;
        var statements = policy["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(6, Topology.DeliveryStreams.Count);
        // The deny without TLS, and two statements per bus.
        Assert.Equal(1 + (2 * Topology.DeliveryStreams.Count), statements.Count);
        foreach (var stream in Topology.DeliveryStreams)
        {
            var role = $"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{stream.Name}-${{AWS::Region}}";
            var mine = statements.Where(s => Flat(s["Condition"]?["ArnEquals"]?["aws:PrincipalArn"]) == role).ToList();
            Assert.Equal(2, mine.Count);
            Assert.All(mine, s =>
            {
                Assert.Equal("Allow", s["Effect"]!.GetValue<string>());
                Assert.Equal("arn:${AWS::Partition}:iam::${AWS::AccountId}:root", Flat(s["Principal"]!["AWS"]));
            });
            var objects = Assert.Single(mine, s => Actions(s).Contains("s3:PutObject"));
            Assert.Equal(["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"], Actions(objects));
            Assert.Equal(
                [$"${{{id}.Arn}}/bus={stream.Bus}/*", $"${{{id}.Arn}}/errors/bus={stream.Bus}/*"],
                objects["Resource"]!.AsArray().Select(Flat));
            var bucket = Assert.Single(mine, s => !Actions(s).Contains("s3:PutObject"));
            Assert.Equal(["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], Actions(bucket));
            Assert.Equal($"${{{id}.Arn}}", Flat(bucket["Resource"]));
        }
    }

    [Fact]
    public void its_own_delivery_stream_is_created_after_the_lake_bucket()
    {
        var (id, _) = Lake;
        var stream = Template.Named("AWS::KinesisFirehose::DeliveryStream", "DeliveryStreamName", DeliveryStream.Name).LogicalId;
        Assert.Contains(id, Template.LogicalResources[stream]!["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
    }
}
