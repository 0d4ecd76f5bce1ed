using Razors.Customers.Features.BulkImport;
using Razors.Customers.Ports;
using Razors.LocalCloud;
using Razors.LocalCloud.Queues;
using Razors.LocalCloud.Storage;

namespace Razors.LocalHost;

/// <summary>The customers upload store in the local cloud: what <c>S3UploadStore</c> is in AWS, a folder under <c>.data/buckets/</c>.</summary>
/// <remarks>The bucket is looked up on each call: the functions that use the store are built before the topology is applied.</remarks>
public sealed class LocalUploadStore(LocalCloudRuntime cloud, string bucketName) : IUploadStore
{
    private LocalBucket Bucket => cloud.Bucket(bucketName);

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Bucket.Put(key, content.Span);
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Bucket.Open(key));
    }
}

/// <summary>The import-rows queue in the local cloud: what <c>SqsImportRowQueue</c> is in AWS.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SQS queue, not a collection.")]
public sealed class LocalImportRowQueue(IQueueService queues, string queueName) : IImportRowQueue
{
    public Task SendAsync(IReadOnlyList<ImportRowMessage> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows.Count, IImportRowQueue.MaxBatch);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var row in rows)
        {
            queues.SendMessage(queueName, new OutgoingMessage(row.ToJson()));
        }

        return Task.CompletedTask;
    }
}
