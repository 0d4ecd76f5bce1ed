namespace Razors.Cli.Lake;

/// <summary>Where the event lake's objects are: a local folder or an S3 bucket, read by key as S3 names them.</summary>
internal interface ILakeStore
{
    /// <summary>The lake, as messages name it: a folder, or <c>s3://bucket</c>.</summary>
    string Location { get; }

    /// <summary>Every object key under <paramref name="prefix"/> (a partition, <c>bus=…/year=…/month=…/day=…/</c>), in any order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>The object's content as stored (a <c>.gz</c> object is still compressed).</summary>
    Task<Stream> OpenAsync(string key, CancellationToken cancellationToken);
}
