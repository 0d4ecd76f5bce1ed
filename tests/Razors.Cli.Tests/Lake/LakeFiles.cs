using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Razors.Topology;

namespace Razors.Cli.Tests.Lake;

/// <summary>Objects of an event lake as the local host and Firehose write them: JSON lines of bus events under LakeLayout's partitions.</summary>
internal static class LakeFiles
{
    public const string Bus = "razors-stock";

    /// <summary>A bus event as the lake keeps it; <paramref name="id"/> is EventBridge's, new on every put.</summary>
    public static string Event(string eventId, string time, string? id = null, string? replayName = null)
    {
        var json = new JsonObject
        {
            ["version"] = "0",
            ["id"] = id ?? Guid.NewGuid().ToString(),
            ["detail-type"] = "StockAllocated",
            ["source"] = "razors.stock",
            ["account"] = "000000000000",
            ["time"] = time,
            ["region"] = "local",
            ["resources"] = new JsonArray(),
            ["detail"] = new JsonObject { ["metadata"] = new JsonObject { ["eventId"] = eventId }, ["data"] = new JsonObject { ["units"] = 12 } },
        };
        if (replayName is not null)
        {
            json["replay-name"] = replayName;
        }

        return json.ToJsonString();
    }

    public static string Key(DateOnly day, string name, string bus = Bus) => LakeLayout.Partition(bus, day) + name;

    public static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    /// <summary>GZIP as Firehose writes it; several members one after another when <paramref name="members"/> has several parts.</summary>
    public static byte[] Gzip(params byte[][] members)
    {
        using var all = new MemoryStream();
        foreach (var member in members)
        {
            using var gzip = new GZipStream(all, CompressionLevel.Fastest, leaveOpen: true);
            gzip.Write(member);
        }

        return all.ToArray();
    }

    public static void Write(string root, string key, byte[] content)
    {
        var path = Path.Combine(root, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }
}
