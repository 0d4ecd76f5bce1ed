using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Razors.Contracts;

namespace Razors.Messaging.Consumers;

/// <summary>
/// The batch processor of a service's inbound queue: each message is an EventBridge event
/// (a rule sent it whole); its <c>detail</c> is bound to its contract and handed to the handler
/// registered for its type, once its <c>metadata.eventType</c> says it is the version the handler
/// reads. Failures are reported per message with their reason, so one poison event goes to the
/// queue's DLQ without holding back the others.
/// </summary>
/// <remarks>
/// On a FIFO queue Lambda needs the first failure and everything after it reported, or a later
/// message of the same group would overtake the failed one; inbound queues here are standard.
/// </remarks>
public sealed partial class EventQueueFunction : IQueueBatchProcessor
{
    private static readonly MethodInfo OnMethod = typeof(EventQueueFunction).GetMethod(nameof(On))!;

    private readonly Dictionary<string, Func<JsonElement, CancellationToken, Task>> handlers = new(StringComparer.Ordinal);
    private readonly ILogger<EventQueueFunction> logger;

    public EventQueueFunction(ILogger<EventQueueFunction> logger) => this.logger = logger;

    /// <summary>Routes events of <typeparamref name="T"/> (by EventBridge <c>detail-type</c>) to <paramref name="handler"/>.</summary>
    public EventQueueFunction On<T>(IEventHandler<T> handler)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(handler);
        var type = EventTypes.Of<T>();
        handlers.Add(type.DetailType, (detail, ct) =>
        {
            var eventType = detail.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("eventType", out var id) && id.ValueKind == JsonValueKind.String
                    ? id.GetString()
                    : null;
            if (eventType != type.Id)
            {
                // A later version may change what a field means: handling it as this one could do the wrong thing.
                throw new PoisonEventException(eventType is null
                    ? $"The '{type.DetailType}' event has no metadata.eventType; this consumer reads {type.Id}."
                    : $"Unknown event type '{eventType}' for detail-type '{type.DetailType}'; this consumer reads {type.Id}.");
            }

            EventEnvelope<T> envelope;
            try
            {
                envelope = (EventEnvelope<T>)detail.Deserialize(type.EnvelopeTypeInfo)!;
            }
            catch (JsonException e)
            {
                throw new PoisonEventException($"The '{type.DetailType}' detail does not bind to {type.Id}: {e.Message}", e);
            }

            return handler.HandleAsync(envelope, ct);
        });
        return this;
    }

    /// <summary>
    /// Routes each event of <paramref name="consumed"/> (a service's <c>Consumes</c> list in the
    /// topology, which also declares its rules) to the one of <paramref name="handlers"/> that is
    /// its <see cref="IEventHandler{T}"/>; fails naming the event when none is, or naming the
    /// handler when it handles nothing consumed. Handlers are passed, not resolved by interface:
    /// the local host holds every service in one container.
    /// </summary>
    public EventQueueFunction OnEach(IEnumerable<EventType> consumed, params object[] handlers)
    {
        ArgumentNullException.ThrowIfNull(consumed);
        ArgumentNullException.ThrowIfNull(handlers);
        var used = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var type in consumed)
        {
            var handlerType = typeof(IEventHandler<>).MakeGenericType(type.ClrType);
            var handler = handlers.FirstOrDefault(handlerType.IsInstanceOfType)
                ?? throw new InvalidOperationException(
                    $"The service consumes {type.Id} but has no IEventHandler<{type.ClrType.Name}>.");
            OnMethod.MakeGenericMethod(type.ClrType).Invoke(this, [handler]);
            used.Add(handler);
        }

        var idle = handlers.FirstOrDefault(h => !used.Contains(h));
        return idle is null
            ? this
            : throw new InvalidOperationException($"{idle.GetType().Name} handles no event the service consumes.");
    }

    /// <summary>The detail-types this function handles: what its rules must match, no more.</summary>
    public IReadOnlyCollection<string> DetailTypes => handlers.Keys;

    /// <summary>Handles each message in turn; returns those that failed, with their reasons, in batch order.</summary>
    public async Task<BatchResult> ProcessAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var failed = new List<MessageFailure>();
        foreach (var message in messages)
        {
            using var busEvent = TryParse(message.Body);
            var detail = busEvent is not null && busEvent.RootElement.ValueKind == JsonValueKind.Object
                && busEvent.RootElement.TryGetProperty("detail", out var d) ? d : (JsonElement?)null;
            using var scope = EventLogScope.Begin(logger, message.MessageId, detail);
            var detailType = DetailType(busEvent);
            using var activity = RazorsTelemetry.StartHandling(detailType, detail);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await HandleOneAsync(busEvent, detail, cancellationToken);
                RazorsTelemetry.Handled(activity, detailType, Stopwatch.GetElapsedTime(started), failure: null);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                RazorsTelemetry.Handled(activity, detailType, Stopwatch.GetElapsedTime(started), e);
                LogFailed(
                    logger,
                    e,
                    message.MessageId ?? "?",
                    message.ReceiveCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?");
                failed.Add(new MessageFailure(message, Reason(e), e is PoisonEventException, StoreFailures.IsUnreachable(e)));
            }
        }

        return new BatchResult(failed);
    }

    /// <summary>The failure in one line: the handler's exception type and message, or why the event cannot be handled.</summary>
    private static string Reason(Exception e) =>
        e is PoisonEventException ? e.Message : $"{e.GetType().FullName}: {e.Message}";

    private static string? DetailType(JsonDocument? busEvent) =>
        busEvent is { RootElement.ValueKind: JsonValueKind.Object } e
            && e.RootElement.TryGetProperty("detail-type", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;

    private static JsonDocument? TryParse(string? body)
    {
        try
        {
            return JsonDocument.Parse(body ?? "");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private Task HandleOneAsync(JsonDocument? busEvent, JsonElement? detail, CancellationToken cancellationToken)
    {
        if (busEvent is null || busEvent.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new PoisonEventException("The message body is not an EventBridge event (a JSON object).");
        }

        var detailType = busEvent.RootElement.TryGetProperty("detail-type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : "";
        if (!handlers.TryGetValue(detailType, out var handle))
        {
            // Never dropped: an event nobody here handles goes to the DLQ, where someone sees it.
            throw new PoisonEventException($"No handler for detail-type '{detailType}'.");
        }

        if (detail is null)
        {
            throw new PoisonEventException($"The '{detailType}' event has no detail.");
        }

        return handle(detail.Value.Clone(), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} (receive {ReceiveCount}) failed; it will be retried or dead-lettered")]
    private static partial void LogFailed(ILogger logger, Exception exception, string messageId, string receiveCount);
}

/// <summary>An event no retry can handle: it goes to the DLQ at once, with this message as the reason.</summary>
public sealed class PoisonEventException : Exception
{
    public PoisonEventException()
    {
    }

    public PoisonEventException(string message)
        : base(message)
    {
    }

    public PoisonEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
