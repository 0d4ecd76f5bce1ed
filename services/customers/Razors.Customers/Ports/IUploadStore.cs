namespace Razors.Customers.Ports;

/// <summary>
/// Where uploaded import files are kept for a day: an S3 bucket in AWS, a folder under <c>.data/</c>
/// locally. Each new file is announced on the uploads queue (an S3 event notification), which
/// starts the import's parser.
/// </summary>
public interface IUploadStore
{
    /// <summary>Stores the file under <paramref name="key"/> (replacing one there) and returns once it is durable and announced.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The file, or null when there is none (never uploaded, or expired).</summary>
    Task<Stream?> OpenAsync(string key, CancellationToken cancellationToken);
}

/// <summary>The buffer queue between the parser and the inserter: one message per row.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SQS queue, not a collection.")]
public interface IImportRowQueue
{
    /// <summary>The most rows one call takes (SQS SendMessageBatch).</summary>
    public const int MaxBatch = 10;

    /// <summary>Sends up to <see cref="MaxBatch"/> rows; returns once the queue holds every one.</summary>
    Task SendAsync(IReadOnlyList<Features.BulkImport.ImportRowMessage> rows, CancellationToken cancellationToken);
}
