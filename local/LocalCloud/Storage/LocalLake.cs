using Razors.LocalCloud.Buses;
using Razors.Topology;

namespace Razors.LocalCloud.Storage;

/// <summary>
/// The event lake of the local cloud: a folder (the data folder's <c>lake/</c>) laid out as the S3
/// bucket is (<see cref="LakeLayout"/>), with one <see cref="LocalDeliveryStreamAppender"/> per declared
/// delivery stream. Files older than the lake's retention are gone, as the bucket's lifecycle rule
/// expires objects: <see cref="Expire"/> deletes them.
/// </summary>
public sealed class LocalLake : IDisposable
{
    private readonly Dictionary<string, LocalDeliveryStreamAppender> streams = new(StringComparer.Ordinal);
    private readonly TimeProvider time;

    public LocalLake(LakeDefinition? definition, string directory, IEnumerable<DeliveryStreamDefinition> deliveryStreams, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(deliveryStreams);
        Definition = definition;
        Directory = directory;
        this.time = time;
        System.IO.Directory.CreateDirectory(directory);
        foreach (var stream in deliveryStreams)
        {
            RuleValidator.ValidateDeliveryStream(stream);
            streams[stream.Name] = new LocalDeliveryStreamAppender(stream, directory, time);
        }
    }

    /// <summary>The lake the topology declares, or null when it declares none (the streams still write here).</summary>
    public LakeDefinition? Definition { get; }

    /// <summary>The root folder: <c>bus=&lt;bus&gt;/year=…/month=…/day=…/</c> below it.</summary>
    public string Directory { get; }

    public IReadOnlyCollection<LocalDeliveryStreamAppender> Streams => streams.Values;

    /// <summary>The delivery stream with this name, or null when none is declared.</summary>
    public LocalDeliveryStreamAppender? Stream(string name) => streams.GetValueOrDefault(name);

    /// <summary>Deletes the files last written longer ago than the lake's retention; returns how many.</summary>
    public int Expire()
    {
        if (Definition is null)
        {
            return 0;
        }

        var expired = 0;
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(Definition.RetentionDays);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            if (new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero) < cutoff)
            {
                File.Delete(file);
                expired++;
            }
        }

        return expired;
    }

    public void Dispose()
    {
        foreach (var stream in streams.Values)
        {
            stream.Dispose();
        }
    }
}
