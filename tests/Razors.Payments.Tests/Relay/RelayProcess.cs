using Microsoft.Extensions.Logging.Abstractions;
using Razors.Aws.EventBridge;
using Razors.Aws.Outbox;
using Razors.LocalCloud.EventSourceMappings;
using Razors.LocalCloud.Queues;
using Razors.LocalCloud.Storage;
using Razors.LocalHost;
using Razors.Payments.Features.RelayOutbox;
using Razors.Payments.Ports;
using Razors.Payments.Sqlite;
using Razors.Sqlite;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Payments.Tests.Relay;

/// <summary>
/// The part of the local host that relays the payments outbox, opened from the files in one
/// folder: the embedded payments database with the change-stream worker, and the local cloud's
/// FIFO queue with the relay's SQS mapping. Disposing it is the process going away: the loops
/// stop, the connections close, the files stay for the next process.
/// </summary>
/// <remarks>
/// The queue reads the test's clock, so visibility timeouts and SQS's 5-minute deduplication
/// window move only when the test advances it; the worker's and the mapping's pauses are real.
/// </remarks>
internal sealed class RelayProcess : IAsyncDisposable
{
    /// <summary>Generous: a wait for background loops, never a measure of speed.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static readonly OutboxChangeWorkerOptions WorkerOptions = new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(10),
    };

    private static readonly OutboxRelayOptions RelayOptions = new(PaymentsTopology.Bus.Name) { RetryBaseDelay = TimeSpan.FromMilliseconds(1) };

    private readonly CancellationTokenSource life = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private readonly SqlitePaymentsDatabase payments;
    private readonly LocalCloudDatabase cloud;
    private Task? worker;
    private Task? mapping;

    private RelayProcess(string dataDirectory, TimeProvider queueClock, IEventPublisher bus)
    {
        payments = SqlitePaymentsDatabase.Open(dataDirectory);
        cloud = LocalCloudDatabase.Open(dataDirectory);
        Store = new SqlitePaymentStore(payments);
        Changes = new SqliteOutboxChanges(payments);
        Tokens = new SqliteResumeTokenStore(payments);
        Pending = new SqlitePendingOutbox(payments, TimeProvider.System);

        // As the local host does at every start: CreateQueue is idempotent.
        Queues = new SqliteQueueService(cloud, queueClock);
        Queues.CreateQueue(PaymentsTopology.OutboxDeadLetterQueue);
        Queues.CreateQueue(PaymentsTopology.Outbox);
        var relay = new FifoOutboxRelay(bus, new LocalDeadLetterQueue(Queues, PaymentsTopology.OutboxDeadLetterQueue.Name), RelayOptions, TimeProvider.System, NullLogger<FifoOutboxRelay>.Instance);
        Mapping = new SqsEventSourceMapping(Queues, PaymentsTopology.RelayMapping, relay, TimeProvider.System, NullLogger<SqsEventSourceMapping>.Instance);
    }

    public IPaymentStore Store { get; }

    public SqliteOutboxChanges Changes { get; }

    public IResumeTokenStore Tokens { get; }

    public SqlitePendingOutbox Pending { get; }

    public SqliteQueueService Queues { get; }

    public SqsEventSourceMapping Mapping { get; }

    public static string Consumer => WorkerOptions.ConsumerName;

    public static RelayProcess Open(string dataDirectory, TimeProvider queueClock, IEventPublisher bus) => new(dataDirectory, queueClock, bus);

    /// <summary>Starts the change-stream worker, sending through a probe that dies at <paramref name="crash"/>.</summary>
    public OutboxQueueProbe StartWorker(Crash? crash = null, OutboxChangeWorkerOptions? options = null)
    {
        var probe = new OutboxQueueProbe(new LocalOutboxQueue(Queues, PaymentsTopology.Outbox.Name), crash, life);
        var changeWorker = new OutboxChangeWorker(
            Changes, Tokens, Pending, probe, new LocalDeadLetterQueue(Queues, PaymentsTopology.OutboxDeadLetterQueue.Name), options ?? WorkerOptions, TimeProvider.System, NullLogger<OutboxChangeWorker>.Instance);
        worker = Task.Run(() => changeWorker.RunAsync(life.Token), TestContext.Current.CancellationToken);
        return probe;
    }

    /// <summary>The change log's history now starts after the newest record, as a stream's retention would trim it.</summary>
    public void LoseHistory() => payments.TrimHistory(payments.Read(c => c.Scalar<long>(null, "SELECT IFNULL(MAX(sequence), 0) FROM outbox")));

    /// <summary>Event ids of the documents still pending, in commit order.</summary>
    public async Task<List<Guid>> PendingAsync()
    {
        var pending = new List<Guid>();
        await foreach (var document in Pending.PendingAsync(null, TestContext.Current.CancellationToken))
        {
            pending.Add(document.Record!.EventId);
        }

        return pending;
    }

    /// <summary>Starts polling the FIFO queue into the relay, as Lambda's event-source mapping does.</summary>
    public void StartMapping() => mapping = Task.Run(() => Mapping.RunAsync(life.Token), TestContext.Current.CancellationToken);

    /// <summary>Returns once the worker has died at its crash; the mapping stops with it.</summary>
    public async Task DiedAsync()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => worker!.WaitAsync(Deadline, TestContext.Current.CancellationToken));
        Assert.True(life.IsCancellationRequested, "The worker stopped, but not by the crash.");
        await StopAsync();
    }

    /// <summary>Returns once the worker has saved the newest record's token and the mapping has emptied the queue.</summary>
    public Task CaughtUpAsync() => Eventually.TrueAsync(
        () => Changes.IsCaughtUp(Consumer) && Mapping.IsIdle, Deadline, "the worker caught up and the FIFO queue drained", TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            life.Dispose();
            payments.Dispose();
            cloud.Dispose();
        }
    }

    private async Task StopAsync()
    {
        await life.CancelAsync();
        foreach (var loop in new[] { worker, mapping })
        {
            if (loop is null)
            {
                continue;
            }

            try
            {
                await loop.WaitAsync(Deadline, CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                // The worker ends by throwing on cancellation; the mapping returns.
            }
        }

        worker = null;
        mapping = null;
    }
}
