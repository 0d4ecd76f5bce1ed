using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Razors.Aws.EventBridge;
using Razors.Contracts;
using Razors.Messaging.Outbox;

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

    public static OutboxRecord Record<T>(T data, string correlationId, Guid? eventId = null)
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
            AggregateId = id.ToString(),
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

    /// <summary>An SQS event-source mapping's batch, as Lambda delivers it.</summary>
    public static string SqsEvent(params (string MessageId, string Body, string? GroupId)[] messages)
    {
        var records = new JsonArray();
        foreach (var (messageId, body, groupId) in messages)
        {
            var attributes = new JsonObject
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

            records.Add(new JsonObject
            {
                ["messageId"] = messageId,
                ["receiptHandle"] = "AQEB" + messageId,
                ["body"] = body,
                ["attributes"] = attributes,
                ["messageAttributes"] = new JsonObject(),
                ["md5OfBody"] = "e4e68fb7bd0e697a0ae8f1bb342846b3",
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = $"arn:aws:sqs:{Region}:123456789012:razors-queue",
                ["awsRegion"] = Region,
            });
        }

        return new JsonObject { ["Records"] = records }.ToJsonString();
    }

    /// <summary>A DynamoDB stream event of outbox INSERTs (NEW_IMAGE), as Lambda delivers it.</summary>
    public static string StreamEvent(params (string SequenceNumber, OutboxRecord Record)[] inserts)
    {
        var records = new JsonArray();
        foreach (var (sequenceNumber, record) in inserts)
        {
            var keys = new JsonObject
            {
                [OutboxItem.PartitionKey] = new JsonObject { ["S"] = OutboxItem.PartitionKeyPrefix + record.EventId },
                [OutboxItem.SortKey] = new JsonObject { ["S"] = OutboxItem.SortKeyValue },
            };
            records.Add(new JsonObject
            {
                ["eventID"] = Guid.NewGuid().ToString("N"),
                ["eventName"] = "INSERT",
                ["eventVersion"] = "1.1",
                ["eventSource"] = "aws:dynamodb",
                ["awsRegion"] = Region,
                ["dynamodb"] = new JsonObject
                {
                    ["ApproximateCreationDateTime"] = 1795426201,
                    ["Keys"] = keys,
                    ["NewImage"] = new JsonObject
                    {
                        [OutboxItem.PartitionKey] = keys[OutboxItem.PartitionKey]!.DeepClone(),
                        [OutboxItem.SortKey] = keys[OutboxItem.SortKey]!.DeepClone(),
                        [OutboxItem.Kind] = new JsonObject { ["S"] = OutboxItem.KindValue },
                        [OutboxItem.Source] = new JsonObject { ["S"] = record.Source },
                        [OutboxItem.DetailType] = new JsonObject { ["S"] = record.DetailType },
                        [OutboxItem.Detail] = new JsonObject { ["S"] = record.Detail },
                        [OutboxItem.ExpiresAt] = new JsonObject { ["N"] = "1795599001" },
                    },
                    ["SequenceNumber"] = sequenceNumber,
                    ["SizeBytes"] = 700,
                    ["StreamViewType"] = "NEW_IMAGE",
                },
                ["eventSourceARN"] = $"arn:aws:dynamodb:{Region}:123456789012:table/razors-subscription/stream/2026-11-23T00:00:00.000",
            });
        }

        return new JsonObject { ["Records"] = records }.ToJsonString();
    }

    public static string Text(this JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidOperationException("No value.");

    public static string Seq(int n) => n.ToString("D21", CultureInfo.InvariantCulture);
}
