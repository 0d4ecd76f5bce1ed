using System.Globalization;
using System.Runtime.CompilerServices;
using Razors.Messaging.Outbox;
using Razors.Payments.Ports;

namespace Razors.Payments.Service.Tests.Fakes;

/// <summary>A change stream over an in-memory log: resumable after any token, waiting for appends until cancelled.</summary>
internal sealed class InMemoryOutboxChanges : IOutboxChanges
{
    private readonly Lock gate = new();
    private readonly List<OutboxRecord> log = [];
    private TaskCompletionSource appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static string TokenOf(int position) => position.ToString(CultureInfo.InvariantCulture);

    public void Append(params OutboxRecord[] records)
    {
        TaskCompletionSource wake;
        lock (gate)
        {
            log.AddRange(records);
            wake = appended;
            appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        wake.SetResult();
    }

    public async IAsyncEnumerable<OutboxChange> WatchAsync(string? resumeAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = resumeAfter is null ? 0 : int.Parse(resumeAfter, CultureInfo.InvariantCulture) + 1;
        while (true)
        {
            OutboxRecord? record = null;
            Task wait;
            lock (gate)
            {
                if (next < log.Count)
                {
                    record = log[next];
                }

                wait = appended.Task;
            }

            if (record is null)
            {
                await wait.WaitAsync(cancellationToken);
                continue;
            }

            yield return new OutboxChange(TokenOf(next), record);
            next++;
        }
    }
}
