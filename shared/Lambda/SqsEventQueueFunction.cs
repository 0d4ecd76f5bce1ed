using System.Globalization;
using Microsoft.Extensions.Logging;
using Razors.Lambda.Events;
using Razors.Messaging;
using Razors.Messaging.Consumers;

namespace Razors.Lambda;

/// <summary>
/// An SQS event-source mapping's view of the shared batch processor: the batch's messages go in,
/// the failed ones come back as a partial batch response (Lambda Developer Guide, "with-sqs":
/// <c>ReportBatchItemFailures</c>) to be delivered again.
/// </summary>
/// <remarks>
/// SQS's own redrive moves a message to the DLQ without saying why. So a message that can never
/// succeed, or that fails on its last receive (<paramref name="maxReceiveCount"/>, the queue's
/// redrive policy), is sent to the DLQ here, as it came, with the failure in
/// <see cref="DeadLetter.ReasonAttribute"/>, and then deleted. If that send fails, the message is
/// reported as failed, and SQS's redrive remains the backstop.
/// <para>
/// A message whose last receive failed only because a store could not be reached
/// (<see cref="StoreFailures.IsUnreachable"/>) is not poison: it goes back to
/// <paramref name="inbound"/>, the queue it came from, as a fresh message (its receive count starts
/// again) with that failure as its reason, and the original is deleted. No outage, however long,
/// sends a healthy event to the DLQ; the handler's inbox makes a copy that was already handled a
/// no-op.
/// </para>
/// </remarks>
public sealed partial class SqsEventQueueFunction(
    IQueueBatchProcessor processor, IDeadLetterQueue deadLetters, IDeadLetterQueue inbound, int maxReceiveCount, ILogger<SqsEventQueueFunction> logger)
    : ISqsFunction
{
    private const string ReceiveCountAttribute = "ApproximateReceiveCount";

    /// <summary>The processor behind the mapping, with its routes.</summary>
    public IQueueBatchProcessor Processor { get; } = processor ?? throw new ArgumentNullException(nameof(processor));

    public async Task<SQSBatchResponse> HandleAsync(SQSEvent batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var messages = batch.Records
            .Select(m => new QueueMessage(m.MessageId, m.Body, ReceiveCount(m)))
            .ToList();
        var result = await Processor.ProcessAsync(messages, cancellationToken);
        var retry = new List<string?>();
        foreach (var failure in result.Failures)
        {
            if (!await SettleAsync(failure, cancellationToken))
            {
                retry.Add(failure.Message.MessageId);
            }
        }

        return new SQSBatchResponse
        {
            BatchItemFailures = [.. retry.Select(id => new SQSBatchResponse.BatchItemFailure { ItemIdentifier = id })],
        };
    }

    /// <summary>Takes a failed message off the queue's hands (true), or leaves it to be delivered again (false).</summary>
    private async Task<bool> SettleAsync(MessageFailure failure, CancellationToken cancellationToken)
    {
        if (failure.Permanent)
        {
            return await DeadLetterAsync(failure, cancellationToken);
        }

        if (failure.Message.ReceiveCount is not { } receives || receives < maxReceiveCount)
        {
            return false;
        }

        return failure.Unreachable
            ? await RequeueAsync(failure, cancellationToken)
            : await DeadLetterAsync(failure, cancellationToken);
    }

    private async Task<bool> DeadLetterAsync(MessageFailure failure, CancellationToken cancellationToken)
    {
        var reason = failure.Permanent
            ? failure.Reason
            : $"{failure.Reason} (receive {failure.Message.ReceiveCount} of {maxReceiveCount})";
        try
        {
            await deadLetters.SendAsync(new DeadLetter(failure.Message.Body ?? "", reason), cancellationToken);
            LogDeadLettered(logger, failure.Message.MessageId ?? "?", reason);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeadLetterFailed(logger, failure.Message.MessageId ?? "?", e.Message);
            return false;
        }
    }

    private async Task<bool> RequeueAsync(MessageFailure failure, CancellationToken cancellationToken)
    {
        var reason = $"{failure.Reason} (receive {failure.Message.ReceiveCount} of {maxReceiveCount}; sent again as a fresh message)";
        try
        {
            await inbound.SendAsync(new DeadLetter(failure.Message.Body ?? "", reason), cancellationToken);
            LogRequeued(logger, failure.Message.MessageId ?? "?", reason);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRequeueFailed(logger, failure.Message.MessageId ?? "?", e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} failed on its last receive because a store could not be reached; it is back on the queue as a fresh message: {Reason}")]
    private static partial void LogRequeued(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} could not be put back on its queue and is handed back: {Error}")]
    private static partial void LogRequeueFailed(ILogger logger, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} went to the DLQ: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} could not be sent to the DLQ and is handed back: {Error}")]
    private static partial void LogDeadLetterFailed(ILogger logger, string messageId, string error);

    private static int? ReceiveCount(SQSEvent.SQSMessage message) =>
        int.TryParse(message.Attributes.GetValueOrDefault(ReceiveCountAttribute), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : null;
}
