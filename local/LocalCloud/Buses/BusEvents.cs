using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Razors.Aws.EventBridge;

namespace Razors.LocalCloud.Buses;

/// <summary>A PutEvents entry that failed, with the error code EventBridge reports for it.</summary>
internal sealed record EntryError(string ErrorCode, string ErrorMessage);

/// <summary>Checks PutEvents entries and builds the event JSON that rules match and targets receive.</summary>
internal static class BusEvents
{
    public const string ReplayNameField = "replay-name";

    // PutEvents processes nested JSON only up to a depth limit; the API reference gives 1000 and 1100.
    private const int MaxDetailDepth = 1000;

    // The envelope adds one level above detail.
    public static readonly JsonDocumentOptions EventReadOptions = new() { MaxDepth = MaxDetailDepth + 1 };

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = MaxDetailDepth + 1,
    };

    public static EntryError? Check(PutEventsRequestEntry entry, int maxEntrySizeBytes)
    {
        if (string.IsNullOrEmpty(entry.Source))
        {
            return Required(nameof(entry.Source));
        }

        if (string.IsNullOrEmpty(entry.DetailType))
        {
            return Required(nameof(entry.DetailType));
        }

        if (string.IsNullOrEmpty(entry.Detail))
        {
            return Required(nameof(entry.Detail));
        }

        if (entry.Resources?.Any(r => r is null) == true)
        {
            return new EntryError("InvalidArgument", "Parameter Resources is not valid. Reason: a resource is null.");
        }

        var size = Size(entry);
        if (size > maxEntrySizeBytes)
        {
            return new EntryError("InvalidArgument", $"The entry is {size} bytes; the limit is {maxEntrySizeBytes} bytes.");
        }

        return IsJsonObject(entry.Detail) ? null : new EntryError("MalformedDetail", "Detail is malformed.");
    }

    /// <summary>
    /// The entry size as AWS computes it (eb-putevent-size): 14 bytes for Time if set, plus the
    /// UTF-8 bytes of Source, DetailType, Detail and each Resource.
    /// </summary>
    public static int Size(PutEventsRequestEntry entry)
    {
        var size = entry.Time is null ? 0 : 14;
        size += Utf8(entry.Source) + Utf8(entry.DetailType) + Utf8(entry.Detail);
        return size + (entry.Resources?.Sum(Utf8) ?? 0);
    }

    /// <summary>The event as targets receive it; the detail is copied verbatim (number text included).</summary>
    public static string Create(PutEventsRequestEntry entry, string id, DateTimeOffset time, string account, string region)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "0");
            writer.WriteString("id", id);
            writer.WriteString("detail-type", entry.DetailType);
            writer.WriteString("source", entry.Source);
            writer.WriteString("account", account);
            writer.WriteString("time", FormatTime(time));
            writer.WriteString("region", region);
            writer.WriteStartArray("resources");
            foreach (var resource in entry.Resources ?? [])
            {
                writer.WriteStringValue(resource);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("detail");
            writer.WriteRawValue(entry.Detail!);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The event with a top-level <c>replay-name</c>, as replayed events carry it.</summary>
    public static string WithReplayName(string eventJson, string replayName)
    {
        using var document = JsonDocument.Parse(eventJson, EventReadOptions);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject().Where(p => p.Name != ReplayNameField))
            {
                property.WriteTo(writer);
            }

            writer.WriteString(ReplayNameField, replayName);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>EventBridge event times have whole seconds: <c>2026-11-23T10:15:30Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The event time as the event carries it, cut to whole seconds.</summary>
    public static DateTimeOffset WholeSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public static DateTimeOffset ParseTime(string time) =>
        DateTimeOffset.ParseExact(time, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>An entry's Time, in UTC; a time without a kind is taken as UTC, as the SDK sends it.</summary>
    public static DateTimeOffset EntryTime(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc), TimeSpan.Zero),
    };

    private static bool IsJsonObject(string detail)
    {
        try
        {
            using var document = JsonDocument.Parse(detail, new JsonDocumentOptions { MaxDepth = MaxDetailDepth });
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static EntryError Required(string parameter) =>
        new("InvalidArgument", $"Parameter {parameter} is not valid. Reason: {parameter} is a required argument.");

    private static int Utf8(string? value) => value is null ? 0 : Encoding.UTF8.GetByteCount(value);
}
