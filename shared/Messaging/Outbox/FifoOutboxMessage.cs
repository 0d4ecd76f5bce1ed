using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Razors.Messaging.Outbox;

/// <summary>
/// An outbox record as a message on an SQS FIFO queue. The group is the aggregate, so one
/// aggregate's events stay in order while different aggregates flow in parallel; the
/// deduplication id is the event id, so a record sent twice within SQS's 5-minute window is
/// delivered once. The body is the record's bus entry: <c>{ "source", "detail-type", "detail" }</c>.
/// </summary>
public sealed record FifoOutboxMessage(string MessageGroupId, string MessageDeduplicationId, string Body)
{
    private const string SourceProperty = "source";
    private const string DetailTypeProperty = "detail-type";
    private const string DetailProperty = "detail";

    public static FifoOutboxMessage From(OutboxRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString(SourceProperty, record.Source);
            writer.WriteString(DetailTypeProperty, record.DetailType);
            writer.WritePropertyName(DetailProperty);
            writer.WriteRawValue(record.Detail);
            writer.WriteEndObject();
        }

        return new FifoOutboxMessage(record.AggregateId, record.EventId.ToString("D", CultureInfo.InvariantCulture), Encoding.UTF8.GetString(body.WrittenSpan));
    }

    /// <summary>The bus entry in a body written by <see cref="From"/>; the detail keeps its exact JSON text.</summary>
    /// <exception cref="FormatException">The body is not such an entry.</exception>
    public static (string Source, string DetailType, string Detail) ReadBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty(SourceProperty, out var source) && source.ValueKind == JsonValueKind.String
                && root.TryGetProperty(DetailTypeProperty, out var detailType) && detailType.ValueKind == JsonValueKind.String
                && root.TryGetProperty(DetailProperty, out var detail) && detail.ValueKind == JsonValueKind.Object)
            {
                return (source.GetString()!, detailType.GetString()!, detail.GetRawText());
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"The body is not JSON: {e.Message}", e);
        }

        throw new FormatException($"The body lacks a string {SourceProperty}, a string {DetailTypeProperty} or an object {DetailProperty}.");
    }
}
