using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Razors.LocalCloud.Patterns;

/// <summary>
/// event-ruler joins field names with '.', so an event key <c>"a.b"</c> is the same path as the nested
/// <c>{"a":{"b":…}}</c> (README "keys with dots"). Objects that have such keys are rewritten into the
/// nested form before matching; the check is a byte scan of the names, and events without dotted
/// keys pay nothing more.
/// </summary>
internal static class DottedKeys
{
    public static bool Present(JsonElement value)
    {
        foreach (var property in value.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.Contains((byte)'.') || (name.Contains((byte)'\\') && property.Name.Contains('.')))
            {
                return true;
            }
        }

        return false;
    }

    public static JsonElement Expand(JsonElement value)
    {
        var root = new Slot();
        root.AddObject(value);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            root.WriteTo(writer);
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    // Everything the event holds at one path. Two values on one path (say "a.b":1 next to
    // "a":{"b":2}) are written as an array, so a pattern can match either of them.
    private sealed class Slot
    {
        private readonly List<JsonElement> values = [];
        private Dictionary<string, Slot>? members;

        public void AddObject(JsonElement value)
        {
            members ??= new Dictionary<string, Slot>(StringComparer.Ordinal);
            foreach (var property in value.EnumerateObject())
            {
                var slot = this;
                foreach (var segment in property.Name.Split('.'))
                {
                    slot.members ??= new Dictionary<string, Slot>(StringComparer.Ordinal);
                    if (!slot.members.TryGetValue(segment, out var next))
                    {
                        next = new Slot();
                        slot.members.Add(segment, next);
                    }

                    slot = next;
                }

                if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    slot.AddObject(property.Value);
                }
                else
                {
                    slot.values.Add(property.Value);
                }
            }
        }

        public void WriteTo(Utf8JsonWriter writer)
        {
            var asArray = values.Count + (members is null ? 0 : 1) > 1;
            if (asArray)
            {
                writer.WriteStartArray();
            }

            foreach (var scalar in values)
            {
                scalar.WriteTo(writer);
            }

            if (members is not null)
            {
                writer.WriteStartObject();
                foreach (var (name, slot) in members)
                {
                    writer.WritePropertyName(name);
                    slot.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            if (asArray)
            {
                writer.WriteEndArray();
            }
        }
    }
}
