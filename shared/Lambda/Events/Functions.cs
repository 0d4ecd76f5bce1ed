using System.Text.Json;

namespace Razors.Lambda.Events;

// A "function" is what an event-source mapping or a rule target invokes. The same class runs
// behind the local event-source mappings and behind a Lambda entry point.

/// <summary>A function fed by a DynamoDB stream event-source mapping.</summary>
public interface IDynamoDbStreamFunction
{
    Task<StreamsEventResponse> HandleAsync(DynamoDBEvent batch, CancellationToken cancellationToken);
}

/// <summary>A function fed by an SQS event-source mapping.</summary>
public interface ISqsFunction
{
    Task<SQSBatchResponse> HandleAsync(SQSEvent batch, CancellationToken cancellationToken);
}

/// <summary>A function invoked by an EventBridge rule target with the whole event.</summary>
public interface IEventBridgeFunction
{
    Task HandleAsync(JsonElement busEvent, CancellationToken cancellationToken);
}

/// <summary>
/// A function a schedule rule invokes: the event says only that it is time, so each invocation
/// runs <paramref name="run"/> (an outbox sweep, the saga deadline).
/// </summary>
public sealed class ScheduledFunction(Func<CancellationToken, Task> run) : IEventBridgeFunction
{
    public Task HandleAsync(JsonElement busEvent, CancellationToken cancellationToken) => run(cancellationToken);
}
