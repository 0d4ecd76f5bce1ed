using Microsoft.Extensions.Logging;

namespace Razors.LocalCloud.EventSourceMappings;

/// <summary>
/// The loop every local event-source mapping runs around its source-specific poll: poll again at
/// once while there is work, pause when a poll found none, back off when a poll failed, and wake
/// early when the source says something arrived. A failed poll never ends the loop: whatever was
/// not settled is read again by a later poll.
/// </summary>
public sealed partial class PollerLoop(string source, TimeProvider time, ILogger logger, TimeSpan idleInterval, TimeSpan errorBackoff)
{
    private TaskCompletionSource wakeUp = NewWakeUp();

    /// <summary>
    /// The longest pause after polls in a row that found nothing: each doubles the pause, from the
    /// idle interval up to this, and a poll that does work starts again from the idle interval. By
    /// default (null) the pause stays the idle interval.
    /// </summary>
    public TimeSpan? MaxIdleInterval { get; init; }

    /// <summary>Ends the current pause, if any (the source has new work).</summary>
    public void Wake() => Interlocked.Exchange(ref wakeUp, NewWakeUp()).TrySetResult();

    /// <summary>
    /// Runs <paramref name="pollOnce"/> until cancelled. It returns true when it did work and the
    /// next poll should follow at once, false when the loop should pause for the idle interval.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task<bool>> pollOnce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pollOnce);
        var idle = idleInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = Volatile.Read(ref wakeUp).Task;
            TimeSpan pause;
            try
            {
                if (await pollOnce(cancellationToken))
                {
                    pause = TimeSpan.Zero;
                    idle = idleInterval;
                }
                else
                {
                    pause = idle;
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, Math.Max((MaxIdleInterval ?? idleInterval).Ticks, idleInterval.Ticks)));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogPollFailed(logger, source, errorBackoff, exception);
                pause = errorBackoff;
            }

            if (pause > TimeSpan.Zero && !await PauseAsync(wake, pause, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>Waits for the pause or a wake-up; false when cancelled.</summary>
    private async Task<bool> PauseAsync(Task wake, TimeSpan pause, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(pause, time, stop.Token);
        await Task.WhenAny(wake, delay);
        await stop.CancelAsync();
        return !cancellationToken.IsCancellationRequested;
    }

    private static TaskCompletionSource NewWakeUp() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling {Source} failed; polling again in {Backoff}")]
    private static partial void LogPollFailed(ILogger logger, string source, TimeSpan backoff, Exception exception);
}
