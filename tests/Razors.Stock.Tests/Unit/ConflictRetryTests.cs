using System.Collections.Concurrent;
using Razors.Stock.Features;
using Razors.Stock.Ports;

namespace Razors.Stock.Tests.Unit;

public sealed class when_a_lost_race_is_retried
{
    private static readonly ConflictRetry Retry = new(
        MaxAttempts: 5, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(60), MaxTotalPause: TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 60)]
    [InlineData(30, 60)]
    public void each_pause_is_below_a_cap_that_doubles_up_to_the_maximum(int attempt, int capMilliseconds)
    {
        var pauses = Enumerable.Range(0, 200).Select(_ => Retry.PauseAfter(attempt, TimeSpan.Zero)).ToList();

        Assert.All(pauses, p => Assert.InRange(p, TimeSpan.Zero, TimeSpan.FromMilliseconds(capMilliseconds)));
        Assert.True(pauses.Distinct().Count() > 1, "The pauses are random, so rivals spread apart.");
    }

    [Fact]
    public void no_pause_goes_past_what_is_left_of_the_total()
    {
        var pauses = Enumerable.Range(0, 200).Select(_ => Retry.PauseAfter(4, Retry.MaxTotalPause - TimeSpan.FromMilliseconds(3))).ToList();

        Assert.All(pauses, p => Assert.InRange(p, TimeSpan.Zero, TimeSpan.FromMilliseconds(3)));
        Assert.Equal(TimeSpan.Zero, Retry.PauseAfter(4, Retry.MaxTotalPause));
    }

    [Fact]
    public void with_no_base_delay_there_is_no_pause()
    {
        Assert.Equal(TimeSpan.Zero, (Retry with { BaseDelay = TimeSpan.Zero }).PauseAfter(3, TimeSpan.Zero));
    }

    [Fact]
    public async Task the_pauses_of_a_write_that_always_loses_add_up_to_at_most_the_total_then_it_throws()
    {
        var retry = ConflictRetry.Default with { MaxAttempts = 1000 };
        var time = new InstantTimers();
        var attempts = 0;

        await Assert.ThrowsAsync<StockConflictException>(() => retry.RunAsync(
            () => { attempts++; return Task.FromResult(SaveResult.Conflict); }, time, "A test write", TestContext.Current.CancellationToken));

        Assert.InRange(time.Waits.Aggregate(TimeSpan.Zero, (sum, wait) => sum + wait), retry.MaxTotalPause / 2, retry.MaxTotalPause);
        Assert.InRange(attempts, 10, 999);
    }

    [Fact]
    public async Task a_write_that_wins_returns_its_answer()
    {
        var attempts = 0;
        var write = await (Retry with { BaseDelay = TimeSpan.Zero }).RunAsync(
            () => Task.FromResult<ProductWrite>(++attempts < 3 ? new ProductWrite.Conflict() : new ProductWrite.NotFound()),
            TimeProvider.System, "A test write", TestContext.Current.CancellationToken);

        Assert.Equal((3, new ProductWrite.NotFound()), (attempts, write));
    }
}

/// <summary>A clock whose timers fire at once, keeping what each was asked to wait.</summary>
public sealed class InstantTimers : TimeProvider
{
    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Waits.Enqueue(dueTime);
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new Fired();
    }

    private sealed class Fired : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
