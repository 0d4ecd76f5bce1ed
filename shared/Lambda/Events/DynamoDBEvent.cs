using System.Text.Json.Serialization;

namespace Razors.Lambda.Events;

// Mirrors Amazon.Lambda.DynamoDBEvents (not available here). The JSON shape is the one Lambda
// sends and the one DynamoDB Streams GetRecords returns for each record.

/// <summary>A batch of DynamoDB stream records, as a Lambda event-source mapping delivers it.</summary>
public sealed class DynamoDBEvent
{
    public List<DynamodbStreamRecord> Records { get; set; } = [];
}

public sealed class DynamodbStreamRecord
{
    [JsonPropertyName("eventID")] public string? EventID { get; set; }
    /// <summary><c>INSERT</c>, <c>MODIFY</c> or <c>REMOVE</c>.</summary>
    [JsonPropertyName("eventName")] public string? EventName { get; set; }
    [JsonPropertyName("eventVersion")] public string? EventVersion { get; set; }
    [JsonPropertyName("eventSource")] public string? EventSource { get; set; }
    [JsonPropertyName("awsRegion")] public string? AwsRegion { get; set; }
    [JsonPropertyName("eventSourceARN")] public string? EventSourceArn { get; set; }
    [JsonPropertyName("dynamodb")] public StreamRecord? Dynamodb { get; set; }
}

public sealed class StreamRecord
{
    [JsonPropertyName("ApproximateCreationDateTime")] public double? ApproximateCreationDateTime { get; set; }
    [JsonPropertyName("Keys")] public Dictionary<string, AttributeValue>? Keys { get; set; }
    [JsonPropertyName("NewImage")] public Dictionary<string, AttributeValue>? NewImage { get; set; }
    [JsonPropertyName("OldImage")] public Dictionary<string, AttributeValue>? OldImage { get; set; }
    [JsonPropertyName("SequenceNumber")] public string? SequenceNumber { get; set; }
    [JsonPropertyName("SizeBytes")] public long? SizeBytes { get; set; }
    [JsonPropertyName("StreamViewType")] public string? StreamViewType { get; set; }
}

/// <summary>A DynamoDB attribute value in DynamoDB JSON (<c>{"S":"…"}</c>, <c>{"N":"1"}</c>, …).</summary>
public sealed class AttributeValue
{
    [JsonPropertyName("S")] public string? S { get; set; }
    [JsonPropertyName("N")] public string? N { get; set; }
    [JsonPropertyName("B")] public byte[]? B { get; set; }
    [JsonPropertyName("BOOL")] public bool? BOOL { get; set; }
    [JsonPropertyName("NULL")] public bool? NULL { get; set; }
    [JsonPropertyName("M")] public Dictionary<string, AttributeValue>? M { get; set; }
    [JsonPropertyName("L")] public List<AttributeValue>? L { get; set; }
    [JsonPropertyName("SS")] public List<string>? SS { get; set; }
    [JsonPropertyName("NS")] public List<string>? NS { get; set; }
    [JsonPropertyName("BS")] public List<byte[]>? BS { get; set; }
}

/// <summary>
/// The response of a stream handler with <c>ReportBatchItemFailures</c>: the sequence numbers
/// that failed. Lambda checkpoints before the lowest one and retries from there.
/// </summary>
public sealed class StreamsEventResponse
{
    [JsonPropertyName("batchItemFailures")] public List<BatchItemFailure> BatchItemFailures { get; set; } = [];

    public sealed class BatchItemFailure
    {
        [JsonPropertyName("itemIdentifier")] public string? ItemIdentifier { get; set; }
    }
}
