using Microsoft.Extensions.Hosting;

namespace Razors.Payments.Features.RelayOutbox;

/// <summary>Runs the <see cref="OutboxChangeWorker"/> for the life of the host (an ECS task in AWS, the local host locally).</summary>
public sealed class OutboxChangeWorkerService(OutboxChangeWorker worker) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => worker.RunAsync(stoppingToken);
}
