using Razors.Payments.Ports;

namespace Razors.Payments.Tests;

public static class Watcher
{
    /// <summary>Generous: a wait for a change stream, never a measure of speed.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>The first <paramref name="count"/> changes after <paramref name="resumeAfter"/>, waiting for them as a watcher would.</summary>
    public static async Task<List<OutboxChange>> TakeAsync(IOutboxChanges changes, int count, string? resumeAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        var taken = new List<OutboxChange>();
        try
        {
            await foreach (var change in changes.WatchAsync(resumeAfter, deadline.Token))
            {
                taken.Add(change);
                if (taken.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The change stream yielded {taken.Count} of {count} changes in {Deadline.TotalSeconds} s.");
        }

        return taken;
    }
}
