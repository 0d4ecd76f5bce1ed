using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Razors.Cli.Deploy;

/// <summary>
/// Publishes file assets to their buckets, as cdk-assets does: each destination once (an object
/// already there is left as it is: its key is the hash of the source), a directory zipped first.
/// One publisher remembers what it published, so the assets several stacks share go up once.
/// </summary>
internal sealed class AssetPublisher(IS3ClientFactory s3, TextWriter log)
{
    private readonly HashSet<(string Bucket, string Key)> done = [];

    public async Task<AssetPublishResult> PublishAsync(IEnumerable<FileAsset> assets, ResolvedEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(env);
        string Resolve(string text) => AwsPlaceholders.Resolve(text, env.Account, env.Region, env.Partition);
        string? ResolveOrNull(string? text) => text is null ? null : Resolve(text);

        var work = assets
            .SelectMany(asset => asset.Destinations.Select(d => (Asset: asset, Destination: new FileAssetDestination(
                Resolve(d.BucketName), Resolve(d.ObjectKey), ResolveOrNull(d.Region) ?? env.Region, ResolveOrNull(d.AssumeRoleArn), ResolveOrNull(d.AssumeRoleExternalId)))))
            .ToList();
        var published = 0;
        var skipped = 0;
        var zips = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < work.Count; i++)
            {
                var (asset, destination) = work[i];
                var label = $"asset {i + 1}/{work.Count} {destination.ObjectKey}";
                if (!done.Add((destination.BucketName, destination.ObjectKey)))
                {
                    skipped++;
                    await log.WriteLineAsync($"{label}: published already in this run");
                    continue;
                }

                try
                {
                    if (await PublishAsync(asset, destination, label, zips, ct))
                    {
                        published++;
                    }
                    else
                    {
                        skipped++;
                    }
                }
                catch
                {
                    done.Remove((destination.BucketName, destination.ObjectKey));
                    throw;
                }
            }
        }
        finally
        {
            foreach (var zip in zips.Values)
            {
                File.Delete(zip);
            }
        }

        return new AssetPublishResult(published, skipped);
    }

    /// <summary>Uploads the asset unless the object exists; true when it uploaded.</summary>
    private async Task<bool> PublishAsync(FileAsset asset, FileAssetDestination destination, string label, Dictionary<string, string> zips, CancellationToken ct)
    {
        var location = $"s3://{destination.BucketName}/{destination.ObjectKey}";
        var client = s3.For(destination.Region!, destination.AssumeRoleArn, destination.AssumeRoleExternalId);
        try
        {
            if (await ExistsAsync(client, asset, destination, location, ct))
            {
                await log.WriteLineAsync($"{label}: exists in {location}");
                return false;
            }

            var file = asset.Packaging == FileAssetPackaging.File ? asset.SourcePath : Zipped(asset, zips);
            await log.WriteLineAsync($"publishing {label} ({Size(new FileInfo(file).Length)}) to {location} …");
            await client.PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = destination.BucketName,
                    Key = destination.ObjectKey,
                    FilePath = file,
                    ContentType = ContentType(destination.ObjectKey),
                },
                ct);
            return true;
        }
        catch (AmazonServiceException e)
        {
            throw new AssetPublishException(
                $"Publishing asset {asset.Id} to {location} failed{As(destination)}: {e.ErrorCode ?? ((int)e.StatusCode).ToString(CultureInfo.InvariantCulture)}: {e.Message}", e);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException)
        {
            throw new AssetPublishException($"Publishing asset {asset.Id} to {location} failed{As(destination)}: {e.Message}", e);
        }
    }

    private static async Task<bool> ExistsAsync(IAmazonS3 client, FileAsset asset, FileAssetDestination destination, string location, CancellationToken ct)
    {
        try
        {
            await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = destination.BucketName, Key = destination.ObjectKey }, ct);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            // S3 answers a HEAD of a missing key with 403 instead of 404 when the caller may not
            // s3:ListBucket (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html).
            throw new AssetPublishException(
                $"Publishing asset {asset.Id}: S3 denied HeadObject on {location}{As(destination)} (403 Forbidden). "
                + $"Checking whether the asset is there needs s3:GetObject and s3:ListBucket on {destination.BucketName}: "
                + "is the account bootstrapped in this region, and does the role have them?", e);
        }
    }

    private static string Zipped(FileAsset asset, Dictionary<string, string> zips)
    {
        if (!zips.TryGetValue(asset.Id, out var zip))
        {
            zip = Path.Combine(Path.GetTempPath(), $"razors-asset-{asset.Id}-{Guid.NewGuid():N}.zip");
            zips[asset.Id] = zip;
            using var output = File.Create(zip);
            DeterministicZip.Write(asset.SourcePath, output);
        }

        return zip;
    }

    private static string As(FileAssetDestination destination) => destination.AssumeRoleArn is null ? "" : $" (as {destination.AssumeRoleArn})";

    private static string ContentType(string key) => Path.GetExtension(key).ToUpperInvariant() switch
    {
        ".ZIP" => "application/zip",
        ".JSON" => "application/json",
        _ => "application/octet-stream",
    };

    internal static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB"),
    };
}

/// <summary>The account, region and partition the placeholders of a stack's assets resolve to.</summary>
internal sealed record ResolvedEnvironment(string Account, string Region, string Partition);

/// <summary>How many destinations got an upload, and how many were there already (in the bucket, or published before by the same publisher).</summary>
internal sealed record AssetPublishResult(int Published, int Skipped);

/// <summary>An asset that could not be published, naming it, its bucket and key.</summary>
internal sealed class AssetPublishException : Exception
{
    public AssetPublishException()
    {
    }

    public AssetPublishException(string message)
        : base(message)
    {
    }

    public AssetPublishException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
