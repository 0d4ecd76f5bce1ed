using Razors.Messaging;

namespace Razors.LocalCloud.Queues;

/// <summary>A relay's DLQ in the local cloud: what <see cref="Razors.Aws.Sqs.SqsDeadLetterQueue"/> is in AWS.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SQS queue, not a collection.")]
public sealed class LocalDeadLetterQueue(IQueueService queues, string queueName) : IDeadLetterQueue
{
    public Task SendAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        cancellationToken.ThrowIfCancellationRequested();
        queues.SendMessage(queueName, new OutgoingMessage(letter.Body)
        {
            MessageGroupId = letter.MessageGroupId,
            MessageDeduplicationId = letter.DeduplicationId,
            MessageAttributes = new Dictionary<string, string> { [DeadLetter.ReasonAttribute] = letter.Reason },
        });
        return Task.CompletedTask;
    }
}
