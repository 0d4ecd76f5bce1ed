using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Razors.Messaging;
using Razors.Messaging.Outbox;
using Razors.Payments.Sqlite;
using Razors.Payments.Features.RelayOutbox;
using Razors.Payments.Ports;
using Razors.Payments.Worker;
using Razors.Testing;

namespace Razors.Payments.Tests.Worker;

public sealed class when_a_send_fails_while_the_worker_runs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_service_keeps_relaying_sends_the_failed_record_again_and_ends_cleanly_when_the_host_stops()
    {
        var queue = new FailingOnceQueue();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPayments();
        builder.Services.AddPaymentsSqlite(dataDirectory: null);
        builder.Services.AddSingleton<IOutboxQueue>(queue);
        builder.Services.AddSingleton<IDeadLetterQueue>(new RecordingDeadLetters());
        // The samples are committed at a fixed past time; the long grace period leaves them to the stream.
        builder.Services.AddPaymentsOutboxWorker(new OutboxChangeWorkerOptions
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(50), SweepGracePeriod = TimeSpan.FromDays(3650),
        });
        builder.Services.AddHostedService<OutboxWorkerService>();
        using var host = builder.Build();
        var service = (OutboxWorkerService)host.Services.GetRequiredService<IHostedService>();
        var store = host.Services.GetRequiredService<IPaymentStore>();
        var first = Samples.Creation(Samples.Payment());
        var second = Samples.Creation(Samples.Payment());

        await host.StartAsync(Ct);
        await store.SaveAsync(first, Ct);
        await store.SaveAsync(second, Ct);
        await Eventually.TrueAsync(() => queue.Accepted.Count == 2, TimeSpan.FromSeconds(10), "both records accepted", Ct);

        Assert.Equal([first.Outbox.Single().EventId, second.Outbox.Single().EventId], queue.Accepted);
        Assert.Equal([first.Outbox.Single().EventId], queue.Refused);
        Assert.False(service.ExecuteTask!.IsCompleted);
        Assert.NotNull(await host.Services.GetRequiredService<IResumeTokenStore>().LoadAsync(new OutboxChangeWorkerOptions().ConsumerName, Ct));

        await host.StopAsync(Ct);

        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
    }

    /// <summary>Refuses the first send, as SQS does when it is unreachable, then accepts every send.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SQS queue, not a collection.")]
    private sealed class FailingOnceQueue : IOutboxQueue
    {
        private readonly ConcurrentQueue<Guid> accepted = new();
        private readonly ConcurrentQueue<Guid> refused = new();

        public IReadOnlyList<Guid> Accepted => [.. accepted];

        public IReadOnlyList<Guid> Refused => [.. refused];

        public Task SendAsync(FifoOutboxMessage message, CancellationToken cancellationToken)
        {
            var eventId = Guid.Parse(message.MessageDeduplicationId, CultureInfo.InvariantCulture);
            if (refused.IsEmpty)
            {
                refused.Enqueue(eventId);
                throw new HttpRequestException("The queue could not be reached.");
            }

            accepted.Enqueue(eventId);
            return Task.CompletedTask;
        }
    }
}
