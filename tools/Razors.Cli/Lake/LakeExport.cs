using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Razors.Topology;

namespace Razors.Cli.Lake;

/// <summary>What an export read and what it kept.</summary>
internal sealed record ExportSummary(
    IReadOnlyList<string> Partitions,
    int Files,
    long Lines,
    int Exported,
    int Duplicates,
    int OutsideRange,
    IReadOnlyList<string> Unreadable);

/// <summary>
/// <c>razors events export</c>: the events of one bus with from ≤ <c>time</c> &lt; to, read from the
/// event lake's day partitions (shared/Topology/LakeLayout.cs), each event once, sorted by time.
/// </summary>
/// <remarks>
/// The lake is written at least once (a redelivery after a crash, a replay, a republished outbox
/// record), so events are de-duplicated on <c>detail.metadata.eventId</c>, never on EventBridge's
/// <c>id</c>, which is new on every put (docs/aws-semantics.md §5); the first copy read is kept.
/// A line that is not JSON (the torn last line of a file a crash cut short) or not an event is
/// skipped and reported by file and line. Files may hold several JSON values on one line, as
/// Firehose writes records that do not end in a newline.
/// </remarks>
internal sealed class LakeExport(ILakeStore store)
{
    // Partitions are by arrival day. Firehose buffers up to 900 s (DeliveryStreamDefinition) and
    // EventBridge retries for up to a day (RazorsTopology.DeliveryRetry), so an event timed late on
    // the last day of the range may sit in the next day's partition: that one is read too.
    private const int LateArrivalDays = 1;

    private static readonly JsonReaderOptions ReaderOptions = new() { AllowMultipleValues = true, MaxDepth = 1100 };

    public async Task<ExportSummary> ExportAsync(string bus, DateTimeOffset from, DateTimeOffset to, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (from >= to)
        {
            throw new ArgumentException($"The range is empty: {from:O} is not before {to:O}.", nameof(to));
        }

        var partitions = Days(from, to).Select(day => LakeLayout.Partition(bus, day)).ToList();
        var events = new Dictionary<string, (DateTimeOffset Time, string Json)>(StringComparer.Ordinal);
        var unreadable = new List<string>();
        int files = 0, duplicates = 0, outside = 0;
        long lines = 0;
        foreach (var partition in partitions)
        {
            var keys = new List<string>();
            await foreach (var key in store.ListAsync(partition, cancellationToken))
            {
                keys.Add(key);
            }

            // Firehose's and the local host's object names sort by the time they were started.
            foreach (var key in keys.Order(StringComparer.Ordinal))
            {
                files++;
                await foreach (var (line, text) in LinesAsync(key, unreadable, cancellationToken))
                {
                    lines++;
                    var values = Values(text, out var error);
                    foreach (var value in values)
                    {
                        if (!TryRead(value, out var time, out var eventId, out var problem))
                        {
                            unreadable.Add($"{key}:{line}: {problem}");
                        }
                        else if (time < from || time >= to)
                        {
                            outside++;
                        }
                        else if (!events.TryAdd(eventId, (time, value.GetRawText())))
                        {
                            duplicates++;
                        }
                    }

                    if (error is not null)
                    {
                        unreadable.Add($"{key}:{line}: {error}");
                    }
                }
            }
        }

        foreach (var (_, (_, json)) in events.OrderBy(e => e.Value.Time).ThenBy(e => e.Key, StringComparer.Ordinal))
        {
            await output.WriteAsync(json.AsMemory(), cancellationToken);
            await output.WriteAsync("\n".AsMemory(), cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
        return new ExportSummary(partitions, files, lines, events.Count, duplicates, outside, unreadable);
    }

    /// <summary>The arrival days to read: from's day through the day of the range's last instant, and the late-arrival margin.</summary>
    public static IEnumerable<DateOnly> Days(DateTimeOffset from, DateTimeOffset to)
    {
        var first = DateOnly.FromDateTime(from.UtcDateTime);
        var last = DateOnly.FromDateTime(to.UtcDateTime.AddTicks(-1)).AddDays(LateArrivalDays);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>The non-empty lines of an object, numbered from 1; a read that fails midway is reported and ends the object.</summary>
    private async IAsyncEnumerable<(long Line, string Text)> LinesAsync(string key, List<string> unreadable, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var raw = await store.OpenAsync(key, cancellationToken);
        await using var content = key.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false));
        for (long number = 1; ; number++)
        {
            string? text;
            try
            {
                text = await reader.ReadLineAsync(cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // A cut-short or corrupt .gz object: what came before is kept.
                unreadable.Add($"{key}:{number}: the rest of the object cannot be read ({e.Message})");
                yield break;
            }

            if (text is null)
            {
                yield break;
            }

            if (text.Length > 0)
            {
                yield return (number, text);
            }
        }
    }

    /// <summary>The JSON values on one line, and why the rest of it is not JSON, if it is not.</summary>
    private static List<JsonElement> Values(string text, out string? error)
    {
        var values = new List<JsonElement>();
        error = null;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), ReaderOptions);
        try
        {
            while (reader.Read())
            {
                using var document = JsonDocument.ParseValue(ref reader);
                values.Add(document.RootElement.Clone());
            }
        }
        catch (JsonException e)
        {
            error = $"not JSON from byte {e.BytePositionInLine ?? 0} on (a line torn by a crash, or a corrupt record)";
        }

        return values;
    }

    private static bool TryRead(JsonElement value, out DateTimeOffset time, out string eventId, out string problem)
    {
        time = default;
        eventId = "";
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("time", out var timeText) || timeText.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(timeText.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
        {
            problem = "not an event: no time";
            return false;
        }

        if (!value.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object
            || !detail.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("eventId", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } text)
        {
            problem = "not a Razors event: no detail.metadata.eventId";
            return false;
        }

        eventId = text;
        problem = "";
        return true;
    }
}
