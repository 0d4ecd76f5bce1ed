using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Razors.Topology;

namespace Razors.LocalCloud.Storage;

/// <summary>
/// A Kinesis Data Firehose delivery stream of the local event lake: every record is appended as one
/// line to a JSON-lines file under <see cref="LakeLayout.Partition"/> of the stream's bus and the UTC
/// day it arrived, one file per hour and writer, named as Firehose names its objects
/// (<c>&lt;stream&gt;-&lt;yyyy-MM-dd-HH&gt;-&lt;writer&gt;.jsonl</c>).
/// </summary>
/// <remarks>
/// Delivery is at least once: the bus dispatcher deletes a delivery only after <see cref="Put"/>
/// returned, so a host that dies in between appends the same event again after its restart, and a
/// replay appends it once more. Readers de-duplicate on <c>detail.metadata.eventId</c>
/// (<c>razors events export</c> does). A line is written whole in one write and flushed to disk
/// before <see cref="Put"/> returns, as the bus's SQLite commits are (synchronous=FULL). Each writer
/// has files of its own (a new writer id per instance and after a failed write), so two hosts on one
/// folder never interleave inside a file and nothing is appended after a line torn by a crash; a torn
/// last line is what readers skip.
/// </remarks>
public sealed class LocalDeliveryStreamAppender : IDisposable
{
    /// <summary>
    /// PutRecord: "The maximum size of a record sent to Firehose, before base64-encoding, is 1,000 KiB"
    /// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecord.html).
    /// </summary>
    public const int MaxRecordBytes = 1_000 * 1024;

    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private string writer;
    private string? path;
    private FileStream? file;

    public LocalDeliveryStreamAppender(DeliveryStreamDefinition definition, string lakeDirectory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        LakeDirectory = lakeDirectory;
        this.time = time;
        writer = NewWriter();
    }

    public DeliveryStreamDefinition Definition { get; }

    /// <summary>The lake's root folder; the stream writes under its bus's partitions there.</summary>
    public string LakeDirectory { get; }

    /// <summary>
    /// Appends <paramref name="record"/> (one JSON value) as one line and returns the file it is in.
    /// Throws <see cref="ArgumentException"/> for a record Firehose refuses (too large, not JSON) and
    /// <see cref="IOException"/> when the file system fails (the next put starts a new file).
    /// </summary>
    public string Put(string record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = Encoding.UTF8.GetBytes(OneLine(record) + "\n");
        if (line.Length - 1 > MaxRecordBytes)
        {
            throw new ArgumentException($"The record is {line.Length - 1} bytes; a Firehose record is at most {MaxRecordBytes} bytes (1,000 KiB).", nameof(record));
        }

        lock (gate)
        {
            var target = PathOf(time.GetUtcNow());
            try
            {
                if (file is null || target != path)
                {
                    file?.Dispose();
                    file = null;
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    // Unbuffered: the line goes to the file in one write.
                    file = new FileStream(target, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
                    path = target;
                }

                file.Write(line);
                file.Flush(flushToDisk: true);
                return target;
            }
            catch (IOException)
            {
                // The file may now end in a torn line: never append to it again.
                file?.Dispose();
                file = null;
                path = null;
                writer = NewWriter();
                throw;
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            file?.Dispose();
            file = null;
        }
    }

    /// <summary>The file of a record arriving at <paramref name="arrival"/>: its day's partition, its hour, this writer.</summary>
    private string PathOf(DateTimeOffset arrival)
    {
        var utc = arrival.UtcDateTime;
        var partition = LakeLayout.Partition(Definition.Bus, DateOnly.FromDateTime(utc));
        var name = string.Create(CultureInfo.InvariantCulture, $"{Definition.Name}-{utc:yyyy-MM-dd-HH}-{writer}.jsonl");
        return Path.Combine([LakeDirectory, .. partition.Split('/', StringSplitOptions.RemoveEmptyEntries), name]);
    }

    // A version-7 id sorts by creation, so a day's files sort by hour and then by writer age.
    private string NewWriter() => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");

    /// <summary>The record on one line: JSON has no raw line breaks inside strings, so only whitespace between tokens can hold one.</summary>
    private static string OneLine(string record)
    {
        if (record.AsSpan().IndexOfAny('\n', '\r') < 0)
        {
            return record;
        }

        try
        {
            return JsonNode.Parse(record)?.ToJsonString() ?? "null";
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException("The record spans lines and is not JSON; the lake keeps one JSON value per line.", nameof(record), e);
        }
    }
}
