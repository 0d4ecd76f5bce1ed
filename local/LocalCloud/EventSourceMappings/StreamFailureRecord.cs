using System.Globalization;
using System.Text;
using System.Text.Json;
using Razors.Lambda.Events;

namespace Razors.LocalCloud.EventSourceMappings;

/// <summary>Why records were discarded, as Lambda names it in the invocation record's <c>condition</c>.</summary>
public enum DiscardCondition
{
    RetryAttemptsExhausted,
    RecordAgeExceeded,
}

/// <summary>
/// The invocation record Lambda sends to a stream mapping's on-failure destination: the batch's
/// coordinates in the stream, never the records themselves (docs/aws-semantics.md §8, Lambda
/// "with-ddb", "Configuring destinations for event source mappings").
/// </summary>
internal static class StreamFailureRecord
{
    public static string ToJson(
        DiscardCondition condition,
        string requestId,
        string functionArn,
        int invokeCount,
        string? functionError,
        string shardId,
        string streamArn,
        IReadOnlyList<DynamodbStreamRecord> records,
        DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("requestContext");
            json.WriteString("requestId", requestId);
            json.WriteString("functionArn", functionArn);
            json.WriteString("condition", condition.ToString());
            json.WriteNumber("approximateInvokeCount", invokeCount);
            json.WriteEndObject();

            json.WriteStartObject("responseContext");
            json.WriteNumber("statusCode", 200);
            json.WriteString("executedVersion", "$LATEST");
            if (functionError is null)
            {
                json.WriteNull("functionError");
            }
            else
            {
                json.WriteString("functionError", functionError);
            }

            json.WriteEndObject();

            json.WriteString("version", "1.0");
            json.WriteString("timestamp", Iso(now));

            json.WriteStartObject("DDBStreamBatchInfo");
            json.WriteString("shardId", shardId);
            json.WriteString("startSequenceNumber", records[0].Dynamodb?.SequenceNumber);
            json.WriteString("endSequenceNumber", records[^1].Dynamodb?.SequenceNumber);
            json.WriteString("approximateArrivalOfFirstRecord", Arrival(records[0]));
            json.WriteString("approximateArrivalOfLastRecord", Arrival(records[^1]));
            json.WriteNumber("batchSize", records.Count);
            json.WriteString("streamArn", streamArn);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? Arrival(DynamodbStreamRecord record) =>
        record.Dynamodb?.ApproximateCreationDateTime is { } seconds
            ? Iso(DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)))
            : null;

    private static string Iso(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
