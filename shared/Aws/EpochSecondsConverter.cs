using System.Text.Json;
using System.Text.Json.Serialization;

namespace Razors.Aws;

/// <summary>AWS JSON 1.1 sends timestamps as epoch seconds.</summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTime.UnixEpoch.AddSeconds(reader.GetDouble());

    // EventBridge keeps an event's time to the second. An unspecified kind is taken as UTC, since
    // the machine's zone is not a property of the event.
    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        writer.WriteNumberValue(new DateTimeOffset(utc).ToUnixTimeSeconds());
    }
}
