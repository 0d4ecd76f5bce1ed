using System.Globalization;
using System.Runtime.CompilerServices;
using Razors.Messaging.Outbox;
using Razors.Payments.Ports;

namespace Razors.Payments.Service.Tests.Fakes;

/// <summary>
/// An outbox in memory as the worker sees it: a change stream over the log (resumable after any
/// token, waiting for appends until cancelled, its history trimmable) and the pending set.
/// </summary>
internal sealed class InMemoryOutboxChanges : IOutboxChanges, IPendingOutbox
{
    private readonly Lock gate = new();
    private readonly List<OutboxDocument> log = [];
    private readonly Dictionary<string, string> settled = new(StringComparer.Ordinal);
    private TaskCompletionSource appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int trimmedThrough = -1;
    private int failedMarks;

    public static string TokenOf(int position) => position.ToString(CultureInfo.InvariantCulture);

    /// <summary>How each settled document was settled ("sent", "dead-lettered"), by id.</summary>
    public IReadOnlyDictionary<string, string> Settled
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, string>(settled, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Marks fail, as a store that is down would, until this many have failed.</summary>
    public void FailNextMarks(int marks) => Interlocked.Exchange(ref failedMarks, marks);

    public void Append(params OutboxRecord[] records) => Append([.. records.Select(OutboxDocument.Of)]);

    public void Append(params OutboxDocument[] documents)
    {
        TaskCompletionSource wake;
        lock (gate)
        {
            log.AddRange(documents);
            wake = appended;
            appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        wake.SetResult();
    }

    /// <summary>Appends a document that cannot be read as a record.</summary>
    public OutboxDocument AppendUnreadable(string paymentId)
    {
        var document = new OutboxDocument(Guid.CreateVersion7().ToString(), paymentId, null) { Unreadable = "'{' is invalid", Stored = "{ not json" };
        Append(document);
        return document;
    }

    /// <summary>The stream's history loses everything up to now: a watcher resuming before the last change fails.</summary>
    public void LoseHistory()
    {
        lock (gate)
        {
            trimmedThrough = log.Count - 1;
        }
    }

    public async IAsyncEnumerable<OutboxChange> WatchAsync(string? resumeAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = resumeAfter is null ? 0 : int.Parse(resumeAfter, CultureInfo.InvariantCulture) + 1;
        while (true)
        {
            OutboxDocument? document = null;
            Task wait;
            lock (gate)
            {
                if (next <= trimmedThrough)
                {
                    throw new OutboxHistoryLostException($"The history starts after {trimmedThrough}; resuming at {next}.");
                }

                if (next < log.Count)
                {
                    document = log[next];
                }

                wait = appended.Task;
            }

            if (document is null)
            {
                await wait.WaitAsync(cancellationToken);
                continue;
            }

            yield return new OutboxChange(TokenOf(next), document);
            next++;
        }
    }

    public Task<string> CurrentTokenAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(TokenOf(log.Count - 1));
        }
    }

    public async IAsyncEnumerable<OutboxDocument> PendingAsync(DateTimeOffset? committedBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<OutboxDocument> pending;
        lock (gate)
        {
            pending = [.. log.Where(d => !settled.ContainsKey(d.Id) && (committedBefore is null || d.Record is null || d.Record.OccurredAt < committedBefore))];
        }

        foreach (var document in pending)
        {
            await Task.Yield();
            yield return document;
        }
    }

    public Task MarkSentAsync(string documentId, CancellationToken cancellationToken) => SettleAsync(documentId, "sent");

    public Task MarkDeadLetteredAsync(string documentId, CancellationToken cancellationToken) => SettleAsync(documentId, "dead-lettered");

    private Task SettleAsync(string documentId, string how)
    {
        if (Interlocked.Decrement(ref failedMarks) >= 0)
        {
            throw new IOException("The outbox is unavailable.");
        }

        lock (gate)
        {
            settled.TryAdd(documentId, how);
        }

        return Task.CompletedTask;
    }
}
