using System.Text.Json.Nodes;
using Razors.Topology;
using static Razors.Infra.Tests.StackTemplate;

namespace Razors.Infra.Tests;

/// <summary>
/// The customers stack: two tables (the customers table, whose stream feeds the relay and the region
/// replica, and the replica's table), the upload bucket that announces each file on a queue, and
/// functions that each reach only what they use.
/// </summary>
public sealed class the_customers_stack(SynthesizedTemplates templates)
    : a_dynamodb_service_stack(templates, CustomersTopology.Service, CustomersTopology.Table, CustomersTopology.Relay, CloudSettings.CustomersTable)
{
    protected override string EventsDeadLetterQueue => CustomersTopology.EventsDeadLetterQueue.Name;

    // No peer forwards to the customers bus and nothing on it consumes yet.
    protected override bool ReceivesPeerEvents => false;

    protected override IReadOnlySet<string> WithoutTableData =>
        new HashSet<string>(StringComparer.Ordinal) { CustomersTopology.Replica.Name, CustomersTopology.ImportParser.Name };

    protected override JsonObject OtherSettings(string functionName) => functionName switch
    {
        "razors-customers-region-replica" => new JsonObject
        {
            ["Customers__RegionTableName"] = Ref(RegionTableId),
            ["Customers__ReplicaDeadLetterQueueUrl"] = Ref(QueueId(CustomersTopology.ReplicaDeadLetterQueue.Name)),
        },
        "razors-customers-import-parser" => new JsonObject
        {
            ["Customers__UploadBucket"] = Ref(BucketId),
            ["Customers__ImportRowsQueueUrl"] = Ref(QueueId(CustomersTopology.ImportRows.Name)),
        },
        "razors-customers-api" => new JsonObject
        {
            ["Customers__RegionTableName"] = Ref(RegionTableId),
            ["Customers__UploadBucket"] = Ref(BucketId),
        },
        _ => [],
    };

    protected override IReadOnlyList<string> OtherQueuesSentTo(string functionName) =>
        functionName == CustomersTopology.ImportParser.Name ? [CustomersTopology.ImportRows.Name] : [];

    private string CustomersTableId => Template.Named("AWS::DynamoDB::Table", "TableName", "razors-customers").LogicalId;

    private string RegionTableId => Template.Named("AWS::DynamoDB::Table", "TableName", "razors-customers-by-region").LogicalId;

    private string BucketId => Assert.Single(Template.OfType("AWS::S3::Bucket")).LogicalId;

    [Fact]
    public void the_customers_table_keeps_old_and_new_images_and_the_region_table_has_its_own_keys_ttl_and_no_stream()
    {
        Assert.Equal(2, Template.OfType("AWS::DynamoDB::Table").Count);
        var customers = Template.LogicalResources[CustomersTableId]!;
        Assert.Equal("NEW_AND_OLD_IMAGES", customers["Properties"]!["StreamSpecification"]!["StreamViewType"]!.GetValue<string>());

        var region = Template.LogicalResources[RegionTableId]!;
        var properties = region["Properties"]!;
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"AttributeName":"state","KeyType":"HASH"},{"AttributeName":"cityAndId","KeyType":"RANGE"}]"""),
            properties["KeySchema"]));
        Assert.Null(properties["StreamSpecification"]);
        Assert.Null(properties["GlobalSecondaryIndexes"]);
        Assert.Equal("PAY_PER_REQUEST", properties["BillingMode"]!.GetValue<string>());
        Assert.Equal("expiresAt", properties["TimeToLiveSpecification"]!["AttributeName"]!.GetValue<string>());
        Assert.True(properties["TimeToLiveSpecification"]!["Enabled"]!.GetValue<bool>());
        Assert.True(properties["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]!.GetValue<bool>());
        Assert.True(properties["SSESpecification"]!["SSEEnabled"]!.GetValue<bool>());
        Assert.Equal("Retain", region["DeletionPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void the_upload_bucket_is_encrypted_private_tls_only_expires_objects_after_a_day_and_has_a_generated_name()
    {
        var bucket = Template.LogicalResources[BucketId]!;
        var properties = bucket["Properties"]!;
        Assert.Null(properties["BucketName"]);
        Assert.Equal("AES256", properties["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"BlockPublicAcls":true,"BlockPublicPolicy":true,"IgnorePublicAcls":true,"RestrictPublicBuckets":true}"""),
            properties["PublicAccessBlockConfiguration"]));
        Assert.Null(properties["VersioningConfiguration"]);
        var rule = Assert.Single(properties["LifecycleConfiguration"]!["Rules"]!.AsArray())!;
        Assert.Equal(1, rule["ExpirationInDays"]!.GetValue<int>());
        Assert.Equal(CustomersTopology.UploadStore.ExpirationDays, rule["ExpirationInDays"]!.GetValue<int>());
        Assert.Equal("Enabled", rule["Status"]!.GetValue<string>());
        Assert.Null(rule["Prefix"]);
        Assert.Equal("Retain", bucket["DeletionPolicy"]!.GetValue<string>());

        var policy = Assert.Single(Template.OfType("AWS::S3::BucketPolicy")).Properties;
        Assert.True(JsonNode.DeepEquals(Ref(BucketId), policy["Bucket"]));
        var deny = Assert.Single(policy["PolicyDocument"]!["Statement"]!.AsArray())!.AsObject();
        Assert.Equal("Deny", deny["Effect"]!.GetValue<string>());
        Assert.Equal("false", deny["Condition"]!["Bool"]!["aws:SecureTransport"]!.GetValue<string>());
        // The bucket and every object in it.
        Assert.Contains(GetAtt(BucketId, "Arn"), deny["Resource"]!.AsArray(), JsonNodeComparer.Instance);
        Assert.Contains(deny["Resource"]!.AsArray(), r => r!.ToJsonString().EndsWith("\"/*\"]]}", StringComparison.Ordinal));
    }

    [Fact]
    public void every_new_upload_is_announced_on_the_uploads_queue_which_admits_s3_for_this_bucket_only()
    {
        var uploads = QueueId(CustomersTopology.UploadStore.NotificationQueue);
        Assert.Equal(CustomersTopology.Uploads.Name, CustomersTopology.UploadStore.NotificationQueue);
        var (notificationsId, notifications) = Assert.Single(Template.OfType("Custom::S3BucketNotifications"));
        Assert.True(JsonNode.DeepEquals(Ref(BucketId), notifications["BucketName"]));
        var configuration = notifications["NotificationConfiguration"]!.AsObject();
        Assert.Equal(["QueueConfigurations"], configuration.Select(p => p.Key));
        var queue = Assert.Single(configuration["QueueConfigurations"]!.AsArray())!;
        Assert.True(JsonNode.DeepEquals(new JsonArray("s3:ObjectCreated:*"), queue["Events"]));
        Assert.True(JsonNode.DeepEquals(GetAtt(uploads, "Arn"), queue["QueueArn"]));
        Assert.Null(queue["Filter"]);

        var (policyId, policy) = Assert.Single(
            Template.OfType("AWS::SQS::QueuePolicy"), p => p.Properties["Queues"]!.AsArray().Any(q => JsonNode.DeepEquals(q, Ref(uploads))));
        // S3 checks that it may send when the notification is configured: the policy must exist first.
        Assert.Contains(policyId, Template.LogicalResources[notificationsId]!["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
        var allow = Assert.Single(policy["PolicyDocument"]!["Statement"]!.AsArray(), s => s!["Effect"]!.GetValue<string>() == "Allow")!.AsObject();
        Assert.Equal("s3.amazonaws.com", allow["Principal"]!["Service"]!.GetValue<string>());
        Assert.Contains("sqs:SendMessage", Actions(allow));
        Assert.All(Actions(allow), a => Assert.Contains(a, Send));
        Assert.True(JsonNode.DeepEquals(GetAtt(uploads, "Arn"), allow["Resource"]));
        Assert.True(JsonNode.DeepEquals(GetAtt(BucketId, "Arn"), allow["Condition"]!["ArnLike"]!["aws:SourceArn"]));
        // SQS-managed encryption: S3 needs no KMS key to send.
        Assert.True(Template.LogicalResources[uploads]!["Properties"]!["SqsManagedSseEnabled"]!.GetValue<bool>());
        Assert.Null(Template.LogicalResources[uploads]!["Properties"]!["KmsMasterKeyId"]);
    }

    [Fact]
    public void the_stream_feeds_the_relay_its_outbox_inserts_and_the_replica_every_customer_change_both_retrying_without_bound()
    {
        var mappings = Template.OfType("AWS::Lambda::EventSourceMapping")
            .Where(m => JsonNode.DeepEquals(GetAtt(CustomersTableId, "StreamArn"), m.Properties["EventSourceArn"]))
            .ToDictionary(m => m.Properties["FunctionName"]!["Ref"]!.GetValue<string>(), m => m.Properties);
        Assert.Equal(2, mappings.Count);
        foreach (var (function, deadLetters, filter) in new[]
        {
            ("razors-customers-outbox-relay", "razors-customers-relay-dlq", RazorsTopology.OutboxInsertFilter),
            ("razors-customers-region-replica", "razors-customers-replica-dlq", """{"dynamodb":{"Keys":{"sk":{"S":["CUSTOMER"]}}}}"""),
        })
        {
            var mapping = mappings[FunctionId(function)];
            Assert.Equal(filter, Assert.Single(mapping["FilterCriteria"]!["Filters"]!.AsArray())!["Pattern"]!.GetValue<string>());
            Assert.Equal(-1, mapping["MaximumRetryAttempts"]!.GetValue<int>());
            Assert.Equal(-1, mapping["MaximumRecordAgeInSeconds"]!.GetValue<int>());
            Assert.True(mapping["BisectBatchOnFunctionError"]!.GetValue<bool>());
            Assert.Equal("TRIM_HORIZON", mapping["StartingPosition"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(new JsonArray("ReportBatchItemFailures"), mapping["FunctionResponseTypes"]));
            Assert.True(JsonNode.DeepEquals(GetAtt(QueueId(deadLetters), "Arn"), mapping["DestinationConfig"]!["OnFailure"]!["Destination"]), $"{function}: {mapping["DestinationConfig"]}");
        }

        // The region table has no stream, so nothing reads one.
        Assert.Equal(4, Template.OfType("AWS::Lambda::EventSourceMapping").Count);
    }

    [Fact]
    public void the_parser_reads_one_upload_notice_at_a_time_and_the_inserter_ten_rows()
    {
        var mappings = Template.OfType("AWS::Lambda::EventSourceMapping").Where(m => m.Properties["StartingPosition"] is null).ToList();
        Assert.Equal(2, mappings.Count);
        var parser = Assert.Single(mappings, m => JsonNode.DeepEquals(GetAtt(QueueId("razors-customers-uploads"), "Arn"), m.Properties["EventSourceArn"])).Properties;
        Assert.True(JsonNode.DeepEquals(Ref(FunctionId("razors-customers-import-parser")), parser["FunctionName"]));
        Assert.Equal(1, parser["BatchSize"]!.GetValue<int>());
        var inserter = Assert.Single(mappings, m => JsonNode.DeepEquals(GetAtt(QueueId("razors-customers-import-rows"), "Arn"), m.Properties["EventSourceArn"])).Properties;
        Assert.True(JsonNode.DeepEquals(Ref(FunctionId("razors-customers-import-inserter")), inserter["FunctionName"]));
        Assert.Equal(10, inserter["BatchSize"]!.GetValue<int>());
    }

    private static readonly string[] TableRead =
        ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:Query", "dynamodb:Scan"];

    private static readonly string[] TableWrite = ["dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"];

    private static readonly string[] Send = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"];

    private static readonly string[] Receive = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"];

    private static readonly string[] StreamRead = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];

    private static IEnumerable<string> On(string resource, params string[][] actions) => actions.SelectMany(a => a).Select(a => $"{a} on {resource}");

    private const string Bucket = "the upload bucket";

    public static TheoryData<string> Functions =>
    [
        "razors-customers-outbox-relay", "razors-customers-outbox-sweeper", "razors-customers-region-replica",
        "razors-customers-import-parser", "razors-customers-import-inserter", "razors-customers-api",
    ];

    /// <summary>Every action each function's role allows, on what (by table, queue or bus name); nothing else.</summary>
    private static IEnumerable<string> Granted(string function) => function switch
    {
        "razors-customers-outbox-relay" =>
        [
            .. Granted("razors-customers-outbox-sweeper"),
            .. On("razors-customers stream", StreamRead), "dynamodb:ListStreams on *",
        ],
        "razors-customers-outbox-sweeper" =>
        [
            "events:PutEvents on razors-customers",
            .. On("razors-customers", ["dynamodb:Query", "dynamodb:UpdateItem"]), .. On("razors-customers/index/*", ["dynamodb:Query", "dynamodb:UpdateItem"]),
            .. On("razors-customers-relay-dlq", Send),
        ],
        "razors-customers-region-replica" =>
        [
            .. On("razors-customers-by-region", TableRead, TableWrite),
            .. On("razors-customers-replica-dlq", Send),
            .. On("razors-customers stream", StreamRead), "dynamodb:ListStreams on *",
        ],
        "razors-customers-import-parser" =>
        [
            $"s3:GetObject on {Bucket}/*",
            .. On("razors-customers-import-rows", Send),
            .. On("razors-customers-uploads", Receive, Send), .. On("razors-customers-uploads-dlq", Send),
        ],
        "razors-customers-import-inserter" =>
        [
            .. On("razors-customers", TableRead, TableWrite), .. On("razors-customers/index/*", TableRead, TableWrite),
            .. On("razors-customers-import-rows", Receive, Send), .. On("razors-customers-import-rows-dlq", Send),
        ],
        "razors-customers-api" =>
        [
            .. On("razors-customers", TableRead, TableWrite), .. On("razors-customers/index/*", TableRead, TableWrite),
            .. On("razors-customers-by-region", TableRead),
            $"s3:PutObject on {Bucket}/*",
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public void each_function_is_allowed_exactly_what_it_uses(string function)
    {
        var statements = FunctionStatements(function);
        Assert.All(statements, s => Assert.Equal("Allow", s["Effect"]!.GetValue<string>()));
        var actual = statements.SelectMany(s => Actions(s).SelectMany(a => Resources(s).Select(r => $"{a} on {r}"))).ToHashSet(StringComparer.Ordinal);
        var expected = Granted(function).ToHashSet(StringComparer.Ordinal);
        Assert.True(
            expected.SetEquals(actual),
            $"{function}: missing [{string.Join(", ", expected.Except(actual).Order(StringComparer.Ordinal))}]; unexpected [{string.Join(", ", actual.Except(expected).Order(StringComparer.Ordinal))}]");
    }

    [Fact]
    public void the_parser_touches_no_table_the_replica_cannot_write_the_customers_table_and_the_api_cannot_delete_uploads()
    {
        Assert.DoesNotContain(FunctionStatements("razors-customers-import-parser"), s => Actions(s).Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)));
        Assert.DoesNotContain(
            FunctionStatements("razors-customers-region-replica"),
            s => Actions(s).Contains("dynamodb:PutItem") && Resources(s).Any(r => r.StartsWith("razors-customers", StringComparison.Ordinal) && !r.StartsWith("razors-customers-by-region", StringComparison.Ordinal)));
        var api = FunctionStatements("razors-customers-api").SelectMany(Actions).ToList();
        Assert.Contains("s3:PutObject", api);
        Assert.DoesNotContain("s3:DeleteObject", api);
        Assert.DoesNotContain("s3:GetObject", api);
    }

    /// <summary>What a statement's resources are, by name: a table, its indexes or stream, a queue, the bus, the bucket's objects.</summary>
    private IEnumerable<string> Resources(JsonObject statement)
    {
        var resources = statement["Resource"] is JsonArray list ? list.ToList() : [statement["Resource"]];
        foreach (var resource in resources)
        {
            switch (resource)
            {
                case JsonValue v:
                    yield return v.GetValue<string>();
                    break;
                case JsonObject o when o["Ref"]?.GetValue<string>() == "AWS::NoValue":
                    // What CDK writes for the index ARN of a table without indexes.
                    break;
                case JsonObject o when o["Fn::GetAtt"] is JsonArray at:
                    yield return Name(at[0]!.GetValue<string>()) + (at[1]!.GetValue<string>() == "StreamArn" ? " stream" : "");
                    break;
                case JsonObject o when o["Fn::Join"] is JsonArray join && join[1] is JsonArray parts && parts.Count == 2 && parts[0]!["Fn::GetAtt"] is JsonArray at:
                    yield return Name(at[0]!.GetValue<string>()) + parts[1]!.GetValue<string>();
                    break;
                default:
                    yield return resource!.ToJsonString();
                    break;
            }
        }
    }

    private string Name(string logicalId)
    {
        var resource = Template.LogicalResources[logicalId]!;
        return resource["Type"]!.GetValue<string>() switch
        {
            "AWS::DynamoDB::Table" => resource["Properties"]!["TableName"]!.GetValue<string>(),
            "AWS::SQS::Queue" => resource["Properties"]!["QueueName"]!.GetValue<string>(),
            "AWS::Events::EventBus" => resource["Properties"]!["Name"]!.GetValue<string>(),
            "AWS::S3::Bucket" => Bucket,
            var type => $"{type} {logicalId}",
        };
    }
}
