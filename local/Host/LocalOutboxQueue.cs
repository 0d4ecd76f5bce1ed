using Razors.LocalCloud.Queues;
using Razors.Messaging.Outbox;

namespace Razors.LocalHost;

/// <summary>The outbox's FIFO queue in the local cloud: what SQS SendMessage is in AWS.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SQS queue, not a collection.")]
public sealed class LocalOutboxQueue(IQueueService queues, string queueName) : IOutboxQueue
{
    public Task SendAsync(FifoOutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        queues.SendMessage(queueName, new OutgoingMessage(message.Body)
        {
            MessageGroupId = message.MessageGroupId,
            MessageDeduplicationId = message.MessageDeduplicationId,
        });
        return Task.CompletedTask;
    }
}
