using Microsoft.Extensions.Time.Testing;

namespace Razors.Testing;

/// <summary>Polls a condition until it holds or a generous deadline passes (never a timing assertion).</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns when <paramref name="condition"/> is true; throws <see cref="TimeoutException"/> naming <paramref name="what"/> otherwise.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(PollInterval, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Still not true after {timeout.TotalSeconds:0.#} s: {what}.");
            }
        }
    }

    /// <summary>The same, for a condition that another thread makes true in memory.</summary>
    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return TrueAsync(() => Task.FromResult(condition()), timeout, what, cancellationToken);
    }

    /// <summary>
    /// Moves <paramref name="time"/> on a second at a time until <paramref name="call"/> ends, so
    /// backoff pauses pass without real waiting, and returns its result.
    /// </summary>
    public static async Task<T> AdvancingTimeAsync<T>(FakeTimeProvider time, Task<T> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(call);
        await TrueAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return call.IsCompleted;
            },
            TimeSpan.FromSeconds(10),
            "the call to end",
            cancellationToken);
        return await call;
    }
}
