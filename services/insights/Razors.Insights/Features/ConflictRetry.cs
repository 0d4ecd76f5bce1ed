using Razors.Insights.Ports;

namespace Razors.Insights.Features;

/// <summary>
/// How a write that lost a race is tried again, as the stock service does it
/// (services/stock/Razors.Stock/Features/ConflictRetry.cs). Every activation of a product writes
/// that product's <c>all-time</c> entry, so losing is normal under load: each attempt loads and
/// decides again after a random pause. When the attempts or the pauses are used up, it throws, and
/// the queue delivers the event again later (after its maxReceiveCount, to its dead-letter queue).
/// </summary>
/// <param name="MaxAttempts">Attempts per delivery, at least 1.</param>
/// <param name="BaseDelay">The cap of the first pause; it doubles with every attempt.</param>
/// <param name="MaxDelay">The largest cap.</param>
/// <param name="MaxTotalPause">The most time all the pauses of one delivery add up to.</param>
public sealed record ConflictRetry(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan MaxTotalPause)
{
    /// <summary>
    /// The inbound function handles a batch of up to 10 messages one after another within its
    /// 30-second timeout (<c>QueueMappingDefinition.BatchSize</c>, <c>FunctionDefinition.TimeoutSeconds</c>
    /// in shared/Topology/Definitions.cs), so one message may pause for at most 2 seconds in all.
    /// </summary>
    public static readonly ConflictRetry Default = new(
        MaxAttempts: 40, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2));

    /// <summary>Runs <paramref name="attempt"/> until it does not answer <see cref="SaveResult.Conflict"/>.</summary>
    /// <exception cref="InsightsConflictException">Every attempt answered <see cref="SaveResult.Conflict"/>.</exception>
    public async Task RunAsync(Func<Task<SaveResult>> attempt, TimeProvider time, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(time);
        var paused = TimeSpan.Zero;
        for (var n = 1; ; n++)
        {
            if (await attempt() != SaveResult.Conflict)
            {
                return;
            }

            if (n >= MaxAttempts || paused >= MaxTotalPause)
            {
                throw new InsightsConflictException($"{what} lost the race to other writers {n} times in {paused.TotalMilliseconds:F0} ms of pauses; nothing was written.");
            }

            var pause = PauseAfter(n, paused);
            paused += pause;
            await Task.Delay(pause, time, cancellationToken);
        }
    }

    /// <summary>
    /// "Full jitter": a random pause up to an exponentially growing cap, which spreads rivals
    /// apart better than a fixed backoff (AWS Architecture Blog, "Exponential Backoff And Jitter",
    /// https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), and never
    /// longer than what is left of <see cref="MaxTotalPause"/> after <paramref name="paused"/>.
    /// </summary>
    public TimeSpan PauseAfter(int attempt, TimeSpan paused)
    {
        var cap = Math.Min(MaxDelay.Ticks, BaseDelay.Ticks << Math.Min(attempt - 1, 20));
        var pause = cap <= 0 ? 0 : Random.Shared.NextInt64(cap);
        return TimeSpan.FromTicks(Math.Min(pause, Math.Max(0, MaxTotalPause.Ticks - paused.Ticks)));
    }
}

/// <summary>A write lost every race it ran; the event should be delivered again later.</summary>
public sealed class InsightsConflictException(string message) : Exception(message);
