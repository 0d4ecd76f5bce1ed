using System.Globalization;
using System.Text.Json.Nodes;
using Razors.LocalCloud.Queues;
using Razors.Topology;

namespace Razors.LocalCloud.Storage;

/// <summary>
/// An S3 bucket of the local cloud: each object a file in the bucket's folder (under the data
/// folder's <c>buckets/</c>), written whole before it is visible (a temporary file, flushed to disk,
/// then renamed), and announced on the bucket's notification queue with the body S3 sends for
/// <c>s3:ObjectCreated:Put</c> (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
/// Objects older than the lifecycle rule's days are gone: a read does not see them, and
/// <see cref="Expire"/> deletes them.
/// </summary>
public sealed class LocalBucket
{
    private readonly IQueueService queues;
    private readonly TimeProvider time;
    private readonly string region;

    public LocalBucket(BucketDefinition definition, string directory, IQueueService queues, TimeProvider time, string region)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        Directory = directory;
        this.queues = queues;
        this.time = time;
        this.region = region;
        System.IO.Directory.CreateDirectory(directory);
    }

    public BucketDefinition Definition { get; }

    /// <summary>Where the objects are, one file per key.</summary>
    public string Directory { get; }

    /// <summary>Stores the object (replacing one with its key) and, once it is durable, sends its notification.</summary>
    public void Put(string key, ReadOnlySpan<byte> content)
    {
        var path = PathOf(key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".uploading";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        queues.SendMessage(Definition.NotificationQueue, new OutgoingMessage(Notification(key, content.Length)));
    }

    /// <summary>The object, or null when there is none or the lifecycle rule has expired it.</summary>
    public Stream? Open(string key)
    {
        var path = PathOf(key);
        try
        {
            if (IsExpired(File.GetLastWriteTimeUtc(path)))
            {
                return null;
            }

            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes what the lifecycle rule has expired; returns how many objects.</summary>
    public int Expire()
    {
        var expired = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            if (IsExpired(File.GetLastWriteTimeUtc(file)))
            {
                File.Delete(file);
                expired++;
            }
        }

        return expired;
    }

    // File times are local file-system times, and the time provider's clock may be a test's.
    private bool IsExpired(DateTime writtenUtc) =>
        writtenUtc != DateTime.FromFileTimeUtc(0) && time.GetUtcNow() - new DateTimeOffset(writtenUtc, TimeSpan.Zero) > TimeSpan.FromDays(Definition.ExpirationDays);

    /// <summary>
    /// The file of a key. Keys are what Razors writes (<c>imports/&lt;id&gt;.csv</c>): ASCII letters,
    /// digits, <c>-</c>, <c>_</c>, <c>.</c> and <c>/</c> between segments, never <c>..</c>, so no key
    /// reaches outside the bucket's folder.
    /// </summary>
    private string PathOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var segments = key.Split('/');
        if (key.Length is 0 or > 1024 || segments.Any(s => s.Length == 0 || s is "." or ".." || !s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new ArgumentException($"'{key}' is not a key the local bucket {Definition.Name} takes (ASCII letters, digits, '-', '_', '.', and '/' between segments).", nameof(key));
        }

        return Path.Combine([Directory, .. segments]);
    }

    private string Notification(string key, int size)
    {
        var now = time.GetUtcNow();
        return new JsonObject
        {
            ["Records"] = new JsonArray(new JsonObject
            {
                ["eventVersion"] = "2.1",
                ["eventSource"] = "aws:s3",
                ["awsRegion"] = region,
                ["eventTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["eventName"] = "ObjectCreated:Put",
                ["s3"] = new JsonObject
                {
                    ["s3SchemaVersion"] = "1.0",
                    ["bucket"] = new JsonObject { ["name"] = Definition.Name, ["arn"] = $"arn:aws:s3:::{Definition.Name}" },
                    ["object"] = new JsonObject
                    {
                        ["key"] = key,
                        ["size"] = size,
                        ["sequencer"] = now.UtcTicks.ToString("X16", CultureInfo.InvariantCulture),
                    },
                },
            }),
        }.ToJsonString();
    }
}
