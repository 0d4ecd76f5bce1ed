using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Razors.LocalCloud.EventSourceMappings;

namespace Razors.LocalCloud.Tests.EventSourceMappings;

/// <summary>
/// A fake clock that reports every timer it creates, so a test moves time only once the loop is
/// really waiting: advancing it before the loop has started its pause would be lost.
/// </summary>
internal sealed class WatchedClock : FakeTimeProvider
{
    private readonly Channel<TimeSpan> pauses = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        pauses.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits until the next timer is started and returns how long it runs.</summary>
    public async Task<TimeSpan> NextPauseAsync() =>
        await pauses.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
}

/// <summary>A loop whose polls answer from a script and report each call.</summary>
internal sealed class LoopBed : IAsyncDisposable
{
    private readonly Channel<int> calls = Channel.CreateUnbounded<int>();
    private readonly CancellationTokenSource stop = new();
    private readonly Queue<Func<bool>> script;
    private readonly Task running;
    private int count;

    public LoopBed(params Func<bool>[] answers)
        : this(maxIdle: null, answers)
    {
    }

    public LoopBed(TimeSpan? maxIdle, params Func<bool>[] answers)
    {
        script = new Queue<Func<bool>>(answers);
        Loop = new PollerLoop("test source", Time, Logger, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)) { MaxIdleInterval = maxIdle };
        running = Loop.RunAsync(_ =>
        {
            calls.Writer.TryWrite(Interlocked.Increment(ref count));
            return Task.FromResult(script.Count > 0 ? script.Dequeue()() : false);
        }, stop.Token);
    }

    public WatchedClock Time { get; } = new();
    public ListLogger<PollerLoop> Logger { get; } = new();
    public PollerLoop Loop { get; }

    /// <summary>Waits for the next poll and returns its number (1 for the first).</summary>
    public async Task<int> NextPollAsync() =>
        await calls.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    /// <summary>
    /// Waits until the loop has started its pause, checks its length and moves the clock to one
    /// millisecond before it ends.
    /// </summary>
    public async Task AdvanceToJustBeforeTheEndOfThePauseAsync(TimeSpan expected)
    {
        Assert.Equal(expected, await Time.NextPauseAsync());
        Time.Advance(expected - TimeSpan.FromMilliseconds(1));
    }

    /// <summary>True when no poll arrives within a short real-time window.</summary>
    public async Task<bool> NoPollYetAsync()
    {
        await Task.Delay(50, TestContext.Current.CancellationToken);
        return !calls.Reader.TryPeek(out _);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        stop.Dispose();
    }
}

public sealed class the_poller_loop
{
    [Fact]
    public async Task doubles_its_pause_after_each_empty_poll_up_to_the_maximum_and_starts_again_after_work()
    {
        await using var bed = new LoopBed(TimeSpan.FromSeconds(40), () => false, () => false, () => false, () => false, () => true, () => false);

        Assert.Equal(1, await bed.NextPollAsync());
        foreach (var (pause, poll) in new[] { (10, 2), (20, 3), (40, 4), (40, 5) })
        {
            await bed.AdvanceToJustBeforeTheEndOfThePauseAsync(TimeSpan.FromSeconds(pause));
            Assert.True(await bed.NoPollYetAsync(), $"poll {poll} came before its pause of {pause} s");
            bed.Time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(poll, await bed.NextPollAsync());
        }

        // Poll 5 did work: poll 6 follows at once, and after it the pause is the idle interval again.
        Assert.Equal(6, await bed.NextPollAsync());
        await bed.AdvanceToJustBeforeTheEndOfThePauseAsync(TimeSpan.FromSeconds(10));
        Assert.True(await bed.NoPollYetAsync());
        bed.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(7, await bed.NextPollAsync());
    }

    [Fact]
    public async Task polls_again_at_once_while_there_is_work()
    {
        await using var bed = new LoopBed(() => true, () => true);

        Assert.Equal(1, await bed.NextPollAsync());
        Assert.Equal(2, await bed.NextPollAsync());
        Assert.Equal(3, await bed.NextPollAsync());
    }

    [Fact]
    public async Task pauses_for_the_idle_interval_after_a_poll_that_found_nothing()
    {
        await using var bed = new LoopBed(() => false);
        Assert.Equal(1, await bed.NextPollAsync());

        await bed.AdvanceToJustBeforeTheEndOfThePauseAsync(TimeSpan.FromSeconds(10));
        Assert.True(await bed.NoPollYetAsync());
        bed.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(2, await bed.NextPollAsync());
    }

    [Fact]
    public async Task a_wake_up_ends_the_pause()
    {
        await using var bed = new LoopBed(() => false);
        Assert.Equal(1, await bed.NextPollAsync());
        Assert.True(await bed.NoPollYetAsync());

        bed.Loop.Wake();

        Assert.Equal(2, await bed.NextPollAsync());
    }

    [Fact]
    public async Task a_failed_poll_is_logged_and_polled_again_after_the_error_backoff()
    {
        await using var bed = new LoopBed(() => throw new InvalidOperationException("stream unavailable"));
        Assert.Equal(1, await bed.NextPollAsync());

        await bed.AdvanceToJustBeforeTheEndOfThePauseAsync(TimeSpan.FromSeconds(30));
        Assert.True(await bed.NoPollYetAsync());
        bed.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(2, await bed.NextPollAsync());
        var entry = Assert.Single(bed.Logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("test source", entry.Message, StringComparison.Ordinal);
        Assert.Equal("stream unavailable", entry.Exception?.Message);
    }
}
