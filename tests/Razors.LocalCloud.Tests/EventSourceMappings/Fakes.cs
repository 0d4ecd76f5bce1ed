using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Razors.Lambda.Events;

namespace Razors.LocalCloud.Tests.EventSourceMappings;

/// <summary>A function whose answer per batch is scripted by the test; it records every batch it sees.</summary>
internal sealed class ScriptedFunction(Func<SQSEvent, SQSBatchResponse?> behaviour) : ISqsFunction
{
    private readonly ConcurrentQueue<SQSEvent> batches = new();

    public ScriptedFunction()
        : this(_ => new SQSBatchResponse())
    {
    }

    public IReadOnlyList<SQSEvent> Batches => [.. batches];

    public List<List<string>> BodiesPerBatch => Batches.Select(b => b.Records.Select(r => r.Body!).ToList()).ToList();

    public Task<SQSBatchResponse> HandleAsync(SQSEvent batch, CancellationToken cancellationToken)
    {
        batches.Enqueue(batch);
        // A null response is legal on the wire (Lambda reads it as full success).
        return Task.FromResult(behaviour(batch)!);
    }

    public static SQSBatchResponse Failures(params IEnumerable<string?> messageIds) => new()
    {
        BatchItemFailures = messageIds.Select(id => new SQSBatchResponse.BatchItemFailure { ItemIdentifier = id }).ToList(),
    };
}

/// <summary>Keeps what was logged, so a test can see that a failure was reported.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> entries = new();

    public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries => [.. entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue((logLevel, formatter(state, exception), exception));
}
