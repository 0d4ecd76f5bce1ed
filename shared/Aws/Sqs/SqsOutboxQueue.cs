using Amazon.SQS;
using Amazon.SQS.Model;
using Razors.Messaging.Outbox;
using Razors.Topology;

namespace Razors.Aws.Sqs;

/// <summary>The outbox's FIFO queue in AWS: one <c>SendMessage</c> per record, grouped by aggregate, deduplicated by event id.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SQS queue, not a collection.")]
public sealed class SqsOutboxQueue(IAmazonSQS sqs, string queueUrl) : IOutboxQueue
{
    public async Task SendAsync(FifoOutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        // The SDK retries throttling and 5xx itself; anything it gives up on reaches the worker,
        // which keeps its resume token where it was and sends the record again.
        try
        {
            await sqs.SendMessageAsync(
                new SendMessageRequest
                {
                    QueueUrl = queueUrl,
                    MessageBody = message.Body,
                    MessageGroupId = message.MessageGroupId,
                    MessageDeduplicationId = message.MessageDeduplicationId,
                },
                cancellationToken);
        }
        catch (QueueDoesNotExistException e)
        {
            // SQS's own message does not say which queue; a wrong URL is a deployment mistake.
            throw new InvalidOperationException(
                $"The outbox queue {queueUrl} does not exist ({e.Message}); check the setting {CloudSettings.PaymentsOutboxQueueUrl}.", e);
        }
    }
}
