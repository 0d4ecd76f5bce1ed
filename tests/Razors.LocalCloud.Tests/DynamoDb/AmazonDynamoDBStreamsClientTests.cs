using System.Net;
using System.Numerics;
using System.Text.Json;
using Amazon;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Razors.Aws.DynamoDBStreams;
using Razors.Testing;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.DynamoDb;

public sealed class when_the_streams_client_sends_a_request : IDisposable
{
    private readonly StubHttpServer server = new();
    private readonly HttpClient http = new();

    [Fact]
    public async Task it_posts_aws_json_1_0_with_the_operation_target()
    {
        server.ResponseBody = """{"ShardIterator":"iterator-1"}""";
        var client = new AmazonDynamoDBStreamsClient(http, server.Url);

        var response = await client.GetShardIteratorAsync(new GetShardIteratorRequest
        {
            StreamArn = "arn:stream",
            ShardId = "shard-1",
            ShardIteratorType = ShardIteratorType.AfterSequenceNumber,
            SequenceNumber = "000000000000000000042",
        }, TestContext.Current.CancellationToken);

        Assert.Equal("iterator-1", response.ShardIterator);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.Equal("application/x-amz-json-1.0", request.Headers["Content-Type"]);
        Assert.Equal("DynamoDBStreams_20120810.GetShardIterator", request.Headers["X-Amz-Target"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(
            """{"StreamArn":"arn:stream","ShardId":"shard-1","ShardIteratorType":"AFTER_SEQUENCE_NUMBER","SequenceNumber":"000000000000000000042"}""",
            JsonSerializer.Serialize(body.RootElement));
    }

    [Fact]
    public async Task unset_members_are_left_out_of_the_body()
    {
        server.ResponseBody = """{"Streams":[]}""";
        var client = new AmazonDynamoDBStreamsClient(http, server.Url);

        await client.ListStreamsAsync(new ListStreamsRequest { TableName = "orders" }, TestContext.Current.CancellationToken);

        var request = Assert.Single(server.Requests);
        Assert.Equal("DynamoDBStreams_20120810.ListStreams", request.Headers["X-Amz-Target"]);
        Assert.Equal("""{"TableName":"orders"}""", request.Body);
    }

    [Fact]
    public async Task get_records_reads_the_lambda_record_shape()
    {
        server.ResponseBody = """
            {"Records":[{"eventID":"e1","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"ddblocal",
              "dynamodb":{"ApproximateCreationDateTime":1.7639E9,"Keys":{"pk":{"S":"a"}},"NewImage":{"pk":{"S":"a"},"n":{"N":"7"}},
              "SequenceNumber":"000000000000000000001","SizeBytes":12,"StreamViewType":"NEW_IMAGE"}}],
             "NextShardIterator":"next"}
            """;
        var client = new AmazonDynamoDBStreamsClient(http, server.Url);

        var response = await client.GetRecordsAsync(new GetRecordsRequest { ShardIterator = "it", Limit = 10 }, TestContext.Current.CancellationToken);

        Assert.Equal("next", response.NextShardIterator);
        var record = Assert.Single(response.Records);
        Assert.Equal("INSERT", record.EventName);
        Assert.Equal("000000000000000000001", record.Dynamodb?.SequenceNumber);
        Assert.Equal("7", record.Dynamodb?.NewImage?["n"].N);
        Assert.Equal("""{"ShardIterator":"it","Limit":10}""", Assert.Single(server.Requests).Body);
    }

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.dynamodb.v20120810#ExpiredIteratorException","message":"Iterator expired"}""", "ExpiredIteratorException", "Iterator expired")]
    [InlineData("""{"__type":"com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException","Message":"trimmed"}""", "TrimmedDataAccessException", "trimmed")]
    [InlineData("""{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"no stream"}""", "ResourceNotFoundException", "no stream")]
    public async Task an_aws_error_becomes_an_exception_with_its_code(string body, string code, string message)
    {
        server.ResponseStatus = HttpStatusCode.BadRequest;
        server.ResponseBody = body;
        var client = new AmazonDynamoDBStreamsClient(http, server.Url);

        var error = await Assert.ThrowsAsync<AmazonDynamoDBStreamsException>(
            () => client.GetRecordsAsync(new GetRecordsRequest { ShardIterator = "it" }, TestContext.Current.CancellationToken));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_error_without_aws_json_keeps_the_status()
    {
        server.ResponseStatus = HttpStatusCode.ServiceUnavailable;
        server.ResponseBody = "<html>busy</html>";
        server.ResponseContentType = "text/html";
        var client = new AmazonDynamoDBStreamsClient(http, server.Url);

        var error = await Assert.ThrowsAsync<AmazonDynamoDBStreamsException>(
            () => client.DescribeStreamAsync(new DescribeStreamRequest { StreamArn = "arn" }, TestContext.Current.CancellationToken));

        Assert.Equal("Http503", error.ErrorCode);
        Assert.Equal(503, error.StatusCode);
    }

    [Fact]
    public async Task a_signed_client_signs_for_the_dynamodb_service()
    {
        using var client = AmazonDynamoDBStreamsClient.CreateSigned(server.Url, new BasicAWSCredentials("AKIDEXAMPLE", "secret"), RegionEndpoint.EUWest1);

        await client.ListStreamsAsync(new ListStreamsRequest(), TestContext.Current.CancellationToken);

        var authorization = Assert.Single(server.Requests).Headers["Authorization"];
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", authorization, StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/dynamodb/aws4_request", authorization, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
    }
}

public sealed class when_items_are_written_to_a_table_with_a_stream(DynamoDbLocalFixture dynamo)
{
    [Fact]
    public async Task the_stream_returns_every_write_in_sequence_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = await dynamo.CreateTableAsync(new TableDefinition("streamed", "tests", "pk", "sk") { StreamViewType = "NEW_IMAGE" }, ct);
        await dynamo.Client.PutItemAsync(table.Name, Item("1"), ct);
        await dynamo.Client.PutItemAsync(table.Name, Item("2"), ct);
        await dynamo.Client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = table.Name, Item = Item("3") } },
                new TransactWriteItem { Put = new Put { TableName = table.Name, Item = Item("4") } },
            ],
        }, ct);
        await dynamo.Client.PutItemAsync(table.Name, Item("5"), ct);

        var records = await ReadAllAsync(dynamo.StreamsClient, table.Name, expected: 5, ct);

        Assert.All(records, r => Assert.Equal("INSERT", r.EventName));
        // Sequence numbers give the order; ApproximateCreationDateTime is cut to the minute locally.
        var sequence = records.Select(r => BigInteger.Parse(r.Dynamodb!.SequenceNumber!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(sequence.Order(), sequence);
        Assert.Equal(sequence.Count, sequence.Distinct().Count());
        Assert.Equal(["1", "2", "3", "4", "5"], records.Select(r => r.Dynamodb!.NewImage!["pk"].S));
    }

    [Fact]
    public async Task an_unknown_stream_is_resource_not_found()
    {
        var error = await Assert.ThrowsAsync<AmazonDynamoDBStreamsException>(() => dynamo.StreamsClient.DescribeStreamAsync(
            new DescribeStreamRequest { StreamArn = "arn:aws:dynamodb:ddblocal:000000000000:table/none/stream/2020-01-01T00:00:00.000" },
            TestContext.Current.CancellationToken));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }

    private static Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue> Item(string id) =>
        new() { ["pk"] = new(id), ["sk"] = new("item") };

    private static async Task<List<Razors.Lambda.Events.DynamodbStreamRecord>> ReadAllAsync(
        IAmazonDynamoDBStreams streams, string tableName, int expected, CancellationToken ct)
    {
        var arn = Assert.Single((await streams.ListStreamsAsync(new ListStreamsRequest { TableName = tableName }, ct)).Streams).StreamArn;
        var description = (await streams.DescribeStreamAsync(new DescribeStreamRequest { StreamArn = arn }, ct)).StreamDescription;
        Assert.Equal("ENABLED", description.StreamStatus);
        var shard = Assert.Single(description.Shards);
        var iterator = (await streams.GetShardIteratorAsync(new GetShardIteratorRequest
        {
            StreamArn = arn,
            ShardId = shard.ShardId,
            ShardIteratorType = ShardIteratorType.TrimHorizon,
        }, ct)).ShardIterator;

        var records = new List<Razors.Lambda.Events.DynamodbStreamRecord>();
        await Eventually.TrueAsync(async () =>
        {
            var page = await streams.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator }, ct);
            records.AddRange(page.Records);
            iterator = page.NextShardIterator;
            return records.Count >= expected;
        }, TimeSpan.FromSeconds(10), $"{expected} stream records", ct);
        return records;
    }
}
