using Amazon.SQS;
using Amazon.SQS.Model;
using Razors.Customers.Features.BulkImport;
using Razors.Customers.Ports;

namespace Razors.Customers.Aws;

/// <summary>The import-rows queue in AWS: one SendMessageBatch of up to ten rows; any entry SQS refuses fails the call, and the parser's run is retried.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SQS queue, not a collection.")]
public sealed class SqsImportRowQueue(IAmazonSQS sqs, string queueUrl) : IImportRowQueue
{
    public async Task SendAsync(IReadOnlyList<ImportRowMessage> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows.Count, IImportRowQueue.MaxBatch);
        if (rows.Count == 0)
        {
            return;
        }

        var response = await sqs.SendMessageBatchAsync(
            new SendMessageBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = [.. rows.Select((row, i) => new SendMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), row.ToJson()))],
            },
            cancellationToken);
        if (response.Failed is { Count: > 0 } failed)
        {
            var first = failed[0];
            throw new InvalidOperationException(
                $"SQS refused {failed.Count} of {rows.Count} import rows (first: {first.Code} {first.Message}, sender's fault: {first.SenderFault}).");
        }
    }
}
