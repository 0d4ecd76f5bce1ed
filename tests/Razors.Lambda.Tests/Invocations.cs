using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Razors.Aws;
using Razors.Aws.DynamoDb;
using Razors.Aws.EventBridge;
using Razors.Contracts;
using Razors.Lambda.Events;
using Razors.Messaging.Outbox;
using Razors.Topology;

namespace Razors.Lambda.Tests;

/// <summary>Calls entries the way Lambda's runtime does (JSON in a stream) and builds the payloads it sends.</summary>
internal static class Invocations
{
    public const string Region = "eu-west-1";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A function's settings, as the stack would set them, with the region Lambda always sets.</summary>
    public static IConfiguration Settings(params (string Name, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Name, s.Value)).Append(new(LambdaFunctions.RegionSetting, Region)))
            .Build();

    /// <summary>A stream relay's settings: its bus, and the table and DLQ it settles records in.</summary>
    public static IConfiguration RelaySettings(string bus) => Settings(
        (CloudSettings.EventBusName, bus),
        (CloudSettings.RelayTableName, "razors-relay-test"),
        (CloudSettings.RelayDeadLetterQueueUrl, $"https://sqs.{Region}.amazonaws.com/123456789012/razors-relay-test-dlq"));

    /// <summary>A consumer's settings: its store's, and the inbound queue, its DLQ and its receive budget.</summary>
    public static IConfiguration InboundSettings(params (string Name, string Value)[] settings) => Settings(
        [
            .. settings,
            (CloudSettings.InboundDeadLetterQueueUrl, $"https://sqs.{Region}.amazonaws.com/123456789012/razors-inbound-test-dlq"),
            (CloudSettings.InboundQueueUrl, $"https://sqs.{Region}.amazonaws.com/123456789012/razors-inbound-test"),
            (CloudSettings.InboundMaxReceiveCount, "5"),
        ]);

    /// <summary>Invokes <paramref name="entry"/> with <paramref name="payload"/> and reads the stream it returns.</summary>
    public static async Task<JsonNode> InvokeAsync(Func<LambdaFunctionHost, Stream, Task<Stream>> entry, LambdaFunctionHost host, string payload)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(payload));
        await using var output = await entry(host, input);
        return (await JsonNode.ParseAsync(output, cancellationToken: Ct))!;
    }

    /// <summary>A signed EventBridge client for a local endpoint (it checks no signature).</summary>
    public static AmazonEventBridgeClient EventBridgeAt(Uri url) =>
        AmazonEventBridgeClient.CreateSigned(url, new BasicAWSCredentials("AKIDEXAMPLE", "secret"), RegionEndpoint.GetBySystemName(Region));

    /// <summary>An outbox record; its aggregate is the event's own id unless <paramref name="aggregateId"/> names one.</summary>
    public static OutboxRecord Record<T>(T data, string correlationId, Guid? eventId = null, Guid? aggregateId = null)
        where T : class
    {
        var id = eventId ?? Guid.CreateVersion7();
        return OutboxRecord.Create(data, new EventMetadata
        {
            EventId = id,
            EventType = EventTypes.Of<T>().Id,
            OccurredAt = new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero),
            CorrelationId = correlationId,
            CausationId = Guid.CreateVersion7().ToString(),
            AggregateId = (aggregateId ?? id).ToString(),
            AggregateVersion = 1,
        });
    }

    /// <summary>The EventBridge event a rule puts on a queue: the whole event, the envelope as its detail.</summary>
    public static string BusEvent(OutboxRecord record) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = record.DetailType,
        ["source"] = record.Source,
        ["account"] = "123456789012",
        ["time"] = "2026-11-23T09:30:01Z",
        ["region"] = Region,
        ["resources"] = new JsonArray(),
        ["detail"] = JsonNode.Parse(record.Detail),
    }.ToJsonString();

    /// <summary>
    /// An SQS event-source mapping's batch as the object the local mapping hands to the function.
    /// <see cref="ToLambdaJson(SQSEvent)"/> writes the same batch as Lambda sends it, so a scenario
    /// describes its batch once and either path can deliver it.
    /// </summary>
    public static SQSEvent SqsBatch(params (string MessageId, string Body, string? GroupId)[] messages) => new()
    {
        Records =
        [
            .. messages.Select(m => new SQSEvent.SQSMessage
            {
                MessageId = m.MessageId,
                ReceiptHandle = "AQEB" + m.MessageId,
                Body = m.Body,
                Md5OfBody = Md5(m.Body),
                Attributes = SqsAttributes(m.MessageId, m.GroupId),
                EventSource = "aws:sqs",
                EventSourceArn = $"arn:aws:sqs:{Region}:123456789012:razors-queue",
                AwsRegion = Region,
            }),
        ],
    };

    /// <summary>An SQS event-source mapping's batch, as Lambda delivers it.</summary>
    public static string SqsEvent(params (string MessageId, string Body, string? GroupId)[] messages) => ToLambdaJson(SqsBatch(messages));

    /// <summary>The batch as Lambda's JSON, written name by name rather than by the serializer the entries read it with.</summary>
    public static string ToLambdaJson(SQSEvent batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var records = new JsonArray();
        foreach (var message in batch.Records)
        {
            var attributes = new JsonObject();
            foreach (var (name, value) in message.Attributes)
            {
                attributes[name] = value;
            }

            var messageAttributes = new JsonObject();
            foreach (var (name, value) in message.MessageAttributes)
            {
                messageAttributes[name] = new JsonObject { ["stringValue"] = value.StringValue, ["dataType"] = value.DataType };
            }

            records.Add(new JsonObject
            {
                ["messageId"] = message.MessageId,
                ["receiptHandle"] = message.ReceiptHandle,
                ["body"] = message.Body,
                ["attributes"] = attributes,
                ["messageAttributes"] = messageAttributes,
                ["md5OfBody"] = message.Md5OfBody,
                ["eventSource"] = message.EventSource,
                ["eventSourceARN"] = message.EventSourceArn,
                ["awsRegion"] = message.AwsRegion,
            });
        }

        return new JsonObject { ["Records"] = records }.ToJsonString();
    }

    private static Dictionary<string, string> SqsAttributes(string messageId, string? groupId)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ApproximateReceiveCount"] = "1",
            ["SentTimestamp"] = "1795426201000",
            ["SenderId"] = "AIDAEXAMPLE",
            ["ApproximateFirstReceiveTimestamp"] = "1795426201010",
        };
        if (groupId is not null)
        {
            attributes["MessageGroupId"] = groupId;
            attributes["MessageDeduplicationId"] = messageId;
            attributes["SequenceNumber"] = "18849496460467696128";
        }

        return attributes;
    }

    [SuppressMessage("Security", "CA5351", Justification = "SQS defines md5OfBody as an MD5 digest; it is a checksum, not security.")]
    private static string Md5(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>
    /// A DynamoDB stream batch of outbox INSERTs (NEW_IMAGE) as the object the local mapping hands
    /// to the function (the records GetRecords returns); <see cref="ToLambdaJson(DynamoDBEvent)"/>
    /// writes it as Lambda sends it.
    /// </summary>
    public static DynamoDBEvent StreamBatch(params (string SequenceNumber, OutboxRecord Record)[] inserts) => new()
    {
        Records =
        [
            .. inserts.Select(i => new DynamodbStreamRecord
            {
                EventID = Guid.NewGuid().ToString("N"),
                EventName = "INSERT",
                EventVersion = "1.1",
                EventSource = "aws:dynamodb",
                AwsRegion = Region,
                EventSourceArn = $"arn:aws:dynamodb:{Region}:123456789012:table/razors-subscription/stream/2026-11-23T00:00:00.000",
                Dynamodb = new StreamRecord
                {
                    ApproximateCreationDateTime = 1795426201,
                    Keys = OutboxKeys(i.Record),
                    NewImage = new Dictionary<string, AttributeValue>(OutboxKeys(i.Record), StringComparer.Ordinal)
                    {
                        [OutboxItem.Kind] = new() { S = OutboxItem.KindValue },
                        [OutboxItem.Source] = new() { S = i.Record.Source },
                        [OutboxItem.DetailType] = new() { S = i.Record.DetailType },
                        [OutboxItem.Detail] = new() { S = i.Record.Detail },
                        [OutboxItem.ExpiresAt] = new() { N = "1795599001" },
                    },
                    SequenceNumber = i.SequenceNumber,
                    SizeBytes = 700,
                    StreamViewType = "NEW_IMAGE",
                },
            }),
        ],
    };

    /// <summary>A DynamoDB stream event of outbox INSERTs (NEW_IMAGE), as Lambda delivers it.</summary>
    public static string StreamEvent(params (string SequenceNumber, OutboxRecord Record)[] inserts) => ToLambdaJson(StreamBatch(inserts));

    /// <summary>The batch as Lambda's JSON, written name by name rather than by the serializer the entries read it with.</summary>
    public static string ToLambdaJson(DynamoDBEvent batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var records = new JsonArray();
        foreach (var record in batch.Records)
        {
            var stream = record.Dynamodb ?? throw new ArgumentException("A stream record without its dynamodb part.", nameof(batch));
            records.Add(new JsonObject
            {
                ["eventID"] = record.EventID,
                ["eventName"] = record.EventName,
                ["eventVersion"] = record.EventVersion,
                ["eventSource"] = record.EventSource,
                ["awsRegion"] = record.AwsRegion,
                ["dynamodb"] = new JsonObject
                {
                    ["ApproximateCreationDateTime"] = stream.ApproximateCreationDateTime,
                    ["Keys"] = Item(stream.Keys),
                    ["NewImage"] = Item(stream.NewImage),
                    ["SequenceNumber"] = stream.SequenceNumber,
                    ["SizeBytes"] = stream.SizeBytes,
                    ["StreamViewType"] = stream.StreamViewType,
                },
                ["eventSourceARN"] = record.EventSourceArn,
            });
        }

        return new JsonObject { ["Records"] = records }.ToJsonString();
    }

    private static Dictionary<string, AttributeValue> OutboxKeys(OutboxRecord record) => new(StringComparer.Ordinal)
    {
        [OutboxItem.PartitionKey] = new() { S = OutboxItem.PartitionKeyPrefix + record.EventId },
        [OutboxItem.SortKey] = new() { S = OutboxItem.SortKeyValue },
    };

    /// <summary>An item in DynamoDB JSON; the batches here hold only strings and numbers.</summary>
    private static JsonObject? Item(Dictionary<string, AttributeValue>? item)
    {
        if (item is null)
        {
            return null;
        }

        var json = new JsonObject();
        foreach (var (name, value) in item)
        {
            json[name] = value switch
            {
                { S: { } s } => new JsonObject { ["S"] = s },
                { N: { } n } => new JsonObject { ["N"] = n },
                _ => throw new NotSupportedException($"Attribute {name}: only S and N values are written here."),
            };
        }

        return json;
    }

    public static string Text(this JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidOperationException("No value.");

    public static string Seq(int n) => n.ToString("D21", CultureInfo.InvariantCulture);
}
