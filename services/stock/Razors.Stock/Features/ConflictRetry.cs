using Razors.Stock.Ports;

namespace Razors.Stock.Features;

/// <summary>
/// How a write that lost a race is tried again. Many subscriptions for one product all write
/// that product's item, so losing is normal under load: each attempt loads and decides again
/// after a random pause. When the attempts or the pauses are used up, it throws: a handler's
/// event is then delivered again later by the queue (and, after its maxReceiveCount, to its
/// dead-letter queue), and an HTTP request answers 503. A lost race never turns into a refusal.
/// </summary>
/// <param name="MaxAttempts">Attempts per delivery or request, at least 1.</param>
/// <param name="BaseDelay">The cap of the first pause; it doubles with every attempt.</param>
/// <param name="MaxDelay">The largest cap.</param>
/// <param name="MaxTotalPause">The most time all the pauses of one delivery or request add up to.</param>
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
    /// <exception cref="StockConflictException">Every attempt answered <see cref="SaveResult.Conflict"/>.</exception>
    public Task RunAsync(Func<Task<SaveResult>> attempt, TimeProvider time, string what, CancellationToken cancellationToken) =>
        RunAsync(attempt, result => result == SaveResult.Conflict, time, what, cancellationToken);

    /// <summary>Runs <paramref name="attempt"/> until it does not answer <see cref="ProductWrite.Conflict"/>, and returns its answer.</summary>
    /// <exception cref="StockConflictException">Every attempt answered <see cref="ProductWrite.Conflict"/>.</exception>
    public Task<ProductWrite> RunAsync(Func<Task<ProductWrite>> attempt, TimeProvider time, string what, CancellationToken cancellationToken) =>
        RunAsync(attempt, result => result is ProductWrite.Conflict, time, what, cancellationToken);

    private async Task<T> RunAsync<T>(Func<Task<T>> attempt, Func<T, bool> lost, TimeProvider time, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(time);
        var paused = TimeSpan.Zero;
        for (var n = 1; ; n++)
        {
            var result = await attempt();
            if (!lost(result))
            {
                return result;
            }

            if (n >= MaxAttempts || paused >= MaxTotalPause)
            {
                throw new StockConflictException($"{what} lost the race to other writers {n} times in {paused.TotalMilliseconds:F0} ms of pauses; nothing was written.");
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

/// <summary>A write lost every race it ran; the event should be delivered again later, or the request sent again.</summary>
public sealed class StockConflictException(string message) : Exception(message);
