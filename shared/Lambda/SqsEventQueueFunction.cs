using System.Globalization;
using Razors.Lambda.Events;
using Razors.Messaging.Consumers;

namespace Razors.Lambda;

/// <summary>
/// An SQS event-source mapping's view of the shared batch processor: the batch's messages go in,
/// the failed ones come back as a partial batch response (Lambda Developer Guide, "with-sqs":
/// <c>ReportBatchItemFailures</c>).
/// </summary>
public sealed class SqsEventQueueFunction(EventQueueFunction processor) : ISqsFunction
{
    private const string ReceiveCountAttribute = "ApproximateReceiveCount";

    /// <summary>The processor behind the mapping, with its routes.</summary>
    public EventQueueFunction Processor { get; } = processor ?? throw new ArgumentNullException(nameof(processor));

    public async Task<SQSBatchResponse> HandleAsync(SQSEvent batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var messages = batch.Records
            .Select(m => new QueueMessage(m.MessageId, m.Body, ReceiveCount(m)))
            .ToList();
        var result = await Processor.ProcessAsync(messages, cancellationToken);
        return new SQSBatchResponse
        {
            BatchItemFailures = [.. result.FailedMessageIds.Select(id => new SQSBatchResponse.BatchItemFailure { ItemIdentifier = id })],
        };
    }

    private static int? ReceiveCount(SQSEvent.SQSMessage message) =>
        int.TryParse(message.Attributes.GetValueOrDefault(ReceiveCountAttribute), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : null;
}
