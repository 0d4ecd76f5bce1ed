using System.Text.Json;
using Razors.LocalCloud.Queues;
using Razors.LocalCloud.Storage;
using Razors.Lambda.Events;
using Razors.Topology;

namespace Razors.LocalCloud.Buses;

/// <summary>
/// A failed delivery. Retriable failures are retried under the target's retry policy; the others
/// (the target does not exist, the request can never succeed) go to the DLQ at once (eb-rule-dlq).
/// </summary>
internal sealed class TargetDeliveryException(string errorCode, string message, bool retriable, Exception? inner = null)
    : Exception(message, inner)
{
    public const string NoResource = "NO_RESOURCE";

    public string ErrorCode { get; } = errorCode;

    public bool Retriable { get; } = retriable;
}

/// <summary>
/// Sends one event to one target: a queue, another bus (through <c>forward</c>, which answers
/// false when the bus does not exist), a function, or a delivery stream of the event lake.
/// </summary>
internal sealed class TargetInvoker(
    IQueueService queues,
    Func<string, IEventBridgeFunction?> functions,
    Func<string, string, string, bool> forward,
    Func<string, LocalDeliveryStreamAppender?> deliveryStreams)
{
    private const string NonExistentQueue = "AWS.SimpleQueueService.NonExistentQueue";

    public async Task DeliverAsync(PendingDelivery delivery, CancellationToken cancellationToken)
    {
        switch (delivery.Target)
        {
            case QueueTarget queue:
                SendToQueue(queue, delivery.EventJson);
                break;
            case BusTarget bus:
                if (!forward(bus.Bus, delivery.EventJson, delivery.Bus))
                {
                    throw new TargetDeliveryException(TargetDeliveryException.NoResource, $"Event bus {bus.Bus} does not exist.", retriable: false);
                }

                break;
            case FunctionTarget function:
                await InvokeAsync(function, delivery.EventJson, cancellationToken);
                break;
            case DeliveryStreamTarget stream:
                PutRecord(stream, delivery.EventJson);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(delivery), delivery.Target.GetType().Name, "Unknown target kind.");
        }
    }

    private void SendToQueue(QueueTarget target, string eventJson)
    {
        // Standard queues only: the rule validator rejects FIFO queue targets.
        var message = new OutgoingMessage(eventJson);
        try
        {
            queues.SendMessage(target.Queue, message);
        }
        catch (QueueException e) when (e.ErrorCode == NonExistentQueue)
        {
            throw new TargetDeliveryException(TargetDeliveryException.NoResource, e.Message, retriable: false, e);
        }
        catch (QueueException e)
        {
            // An SQS client error: the same send fails the same way every time.
            throw new TargetDeliveryException(e.ErrorCode, e.Message, retriable: false, e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TargetDeliveryException("INTERNAL_ERROR", e.Message, retriable: true, e);
        }
    }

    /// <summary>
    /// Firehose's PutRecordBatch for one event. At least once: a crash after the append and before
    /// the dispatcher deletes the delivery appends the event again (see <see cref="LocalDeliveryStreamAppender"/>).
    /// </summary>
    private void PutRecord(DeliveryStreamTarget target, string eventJson)
    {
        var stream = deliveryStreams(target.DeliveryStream)
            ?? throw new TargetDeliveryException(TargetDeliveryException.NoResource, $"Delivery stream {target.DeliveryStream} does not exist.", retriable: false);
        try
        {
            stream.Put(eventJson);
        }
        catch (ArgumentException e)
        {
            // Firehose answers InvalidArgumentException; the same record fails the same way every time.
            throw new TargetDeliveryException("InvalidArgumentException", e.Message, retriable: false, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TargetDeliveryException("INTERNAL_ERROR", e.Message, retriable: true, e);
        }
    }

    private async Task InvokeAsync(FunctionTarget target, string eventJson, CancellationToken cancellationToken)
    {
        var function = functions(target.Function)
            ?? throw new TargetDeliveryException(TargetDeliveryException.NoResource, $"Function {target.Function} does not exist.", retriable: false);
        using var document = JsonDocument.Parse(eventJson, BusEvents.EventReadOptions);
        try
        {
            await function.HandleAsync(document.RootElement, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new TargetDeliveryException("FUNCTION_ERROR", $"{e.GetType().Name}: {e.Message}", retriable: true, e);
        }
    }
}
