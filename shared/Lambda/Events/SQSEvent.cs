using System.Text.Json.Serialization;

namespace Razors.Lambda.Events;

// Mirrors Amazon.Lambda.SQSEvents (not available here), with Lambda's JSON names.

/// <summary>A batch of SQS messages, as a Lambda event-source mapping delivers it.</summary>
public sealed class SQSEvent
{
    [JsonPropertyName("Records")] public List<SQSMessage> Records { get; set; } = [];

    public sealed class SQSMessage
    {
        [JsonPropertyName("messageId")] public string? MessageId { get; set; }
        [JsonPropertyName("receiptHandle")] public string? ReceiptHandle { get; set; }
        [JsonPropertyName("body")] public string? Body { get; set; }
        [JsonPropertyName("md5OfBody")] public string? Md5OfBody { get; set; }
        /// <summary>System attributes: ApproximateReceiveCount, SentTimestamp, MessageGroupId, …</summary>
        [JsonPropertyName("attributes")] public Dictionary<string, string> Attributes { get; set; } = [];
        [JsonPropertyName("messageAttributes")] public Dictionary<string, MessageAttribute> MessageAttributes { get; set; } = [];
        [JsonPropertyName("eventSource")] public string? EventSource { get; set; }
        [JsonPropertyName("eventSourceARN")] public string? EventSourceArn { get; set; }
        [JsonPropertyName("awsRegion")] public string? AwsRegion { get; set; }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Mirrors Amazon.Lambda.SQSEvents.")]
    public sealed class MessageAttribute
    {
        [JsonPropertyName("stringValue")] public string? StringValue { get; set; }
        [JsonPropertyName("dataType")] public string? DataType { get; set; }
    }
}

/// <summary>
/// The response of a queue handler with <c>ReportBatchItemFailures</c>: message ids to retry.
/// Empty or null means the whole batch succeeded.
/// </summary>
public sealed class SQSBatchResponse
{
    [JsonPropertyName("batchItemFailures")] public List<BatchItemFailure> BatchItemFailures { get; set; } = [];

    public sealed class BatchItemFailure
    {
        [JsonPropertyName("itemIdentifier")] public string? ItemIdentifier { get; set; }
    }
}
