using Razors.Payments.Features.RelayOutbox;

namespace Razors.Payments.Worker;

/// <summary>Runs <see cref="OutboxChangeWorker"/> for as long as the host runs.</summary>
/// <remarks>
/// The worker restarts its own loop, with backoff, after any failure (the stream, a send, a token
/// save), so the only way out is the host stopping. ECS stops a task with SIGTERM, which stops the
/// host and cancels the worker, and sends SIGKILL 30 s later. Neither loses a record: the resume
/// token is saved only after the queue accepted the record, so a send cut short is sent again by
/// the next task, and the FIFO queue's deduplication on the event id and the consumers' inbox
/// absorb the repeat.
/// </remarks>
public sealed partial class OutboxWorkerService(OutboxChangeWorker worker, ILogger<OutboxWorkerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarting(logger);
        try
        {
            await worker.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopped(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relaying the payments outbox to its FIFO queue")]
    private static partial void LogStarting(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped relaying the payments outbox; the next start resumes after the last saved token")]
    private static partial void LogStopped(ILogger logger);
}
