using Amazon.SQS;
using Amazon.SQS.Model;
using Razors.Messaging;

namespace Razors.Aws.Sqs;

/// <summary>A relay's DLQ in AWS: one <c>SendMessage</c> per letter, the reason as a message attribute.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SQS queue, not a collection.")]
public sealed class SqsDeadLetterQueue(IAmazonSQS sqs, string queueUrl) : IDeadLetterQueue
{
    /// <summary>SQS caps a message attribute value with the body at 256 KiB; a reason is a line, not a dump.</summary>
    private const int MaxReasonLength = 1024;

    public async Task SendAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        await sqs.SendMessageAsync(
            new SendMessageRequest
            {
                QueueUrl = queueUrl,
                MessageBody = letter.Body,
                MessageGroupId = letter.MessageGroupId,
                MessageDeduplicationId = letter.DeduplicationId,
                MessageAttributes = new Dictionary<string, MessageAttributeValue>
                {
                    [DeadLetter.ReasonAttribute] = new() { DataType = "String", StringValue = Shorten(letter.Reason) },
                },
            },
            cancellationToken);
    }

    internal static string Shorten(string reason) => reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];
}
