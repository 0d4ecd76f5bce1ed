using Razors.Stock.Ports;

namespace Razors.Stock.Features;

/// <summary>
/// How a handler retries a write that lost a race. Many subscriptions for one product all write
/// that product's item, so losing is normal under load: each attempt loads and decides again
/// after a random pause. When every attempt loses, the handler throws, and the queue delivers
/// the event again later (and, after its maxReceiveCount, to its dead-letter queue): a lost race
/// never turns into a refusal.
/// </summary>
/// <param name="MaxAttempts">Attempts per delivery, at least 1.</param>
/// <param name="BaseDelay">The cap of the first pause; it doubles with every attempt.</param>
/// <param name="MaxDelay">The largest cap.</param>
public sealed record ConflictRetry(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static readonly ConflictRetry Default = new(MaxAttempts: 12, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(250));

    /// <summary>Runs <paramref name="attempt"/> until it does not answer <see cref="SaveResult.Conflict"/>.</summary>
    /// <exception cref="StockConflictException">Every attempt answered <see cref="SaveResult.Conflict"/>.</exception>
    public async Task RunAsync(Func<Task<SaveResult>> attempt, TimeProvider time, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        for (var n = 1; ; n++)
        {
            if (await attempt() != SaveResult.Conflict)
            {
                return;
            }

            if (n >= MaxAttempts)
            {
                throw new StockConflictException($"{what} lost the race to other writers {n} times; nothing was written.");
            }

            await Task.Delay(PauseAfter(n), time, cancellationToken);
        }
    }

    /// <summary>
    /// "Full jitter": a random pause up to an exponentially growing cap, which spreads rivals
    /// apart better than a fixed backoff (AWS Architecture Blog, "Exponential Backoff And Jitter").
    /// </summary>
    public TimeSpan PauseAfter(int attempt)
    {
        var cap = Math.Min(MaxDelay.Ticks, BaseDelay.Ticks << Math.Min(attempt - 1, 20));
        return TimeSpan.FromTicks(cap <= 0 ? 0 : Random.Shared.NextInt64(cap));
    }
}

/// <summary>A handler lost every race it ran; the event should be delivered again later.</summary>
public sealed class StockConflictException(string message) : Exception(message);
