using Microsoft.Extensions.Time.Testing;
using Razors.LocalCloud.Queues;
using Razors.LocalCloud.Storage;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.Queues;

/// <summary>A real SQLite database (in memory unless a folder is given), fake time, and the queue service on top.</summary>
internal sealed class QueueBed : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public QueueBed(string? dataDirectory = null, FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(Start);
        Database = LocalCloudDatabase.Open(dataDirectory);
        Queues = new SqliteQueueService(Database, Time);
    }

    public FakeTimeProvider Time { get; }
    public LocalCloudDatabase Database { get; }
    public SqliteQueueService Queues { get; }

    public static QueueDefinition Standard(string name) => new(name, "tests");

    public static QueueDefinition Fifo(string name) => new(name, "tests") { Fifo = true };

    public QueueBed With(params QueueDefinition[] queues)
    {
        foreach (var queue in queues)
        {
            Queues.CreateQueue(queue);
        }

        return this;
    }

    /// <summary>A FIFO send whose dedup id is the body, so distinct bodies are distinct messages.</summary>
    public SendResult SendFifo(string queue, string group, string body) =>
        Queues.SendMessage(queue, new OutgoingMessage(body) { MessageGroupId = group, MessageDeduplicationId = body });

    public SendResult Send(string queue, string body) => Queues.SendMessage(queue, new OutgoingMessage(body));

    public IReadOnlyList<ReceivedMessage> Receive(string queue, int max = 10) => Queues.ReceiveMessages(queue, max);

    public List<string> ReceiveBodies(string queue, int max = 10) => Receive(queue, max).Select(m => m.Body).ToList();

    public void Dispose() => Database.Dispose();
}

/// <summary>A folder under the temp directory, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("razors-queues-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
