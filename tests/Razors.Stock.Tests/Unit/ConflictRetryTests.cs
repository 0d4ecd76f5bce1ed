using Razors.Stock.Features;

namespace Razors.Stock.Tests.Unit;

public sealed class when_a_lost_race_is_retried
{
    private static readonly ConflictRetry Retry = new(MaxAttempts: 5, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(60));

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 60)]
    [InlineData(30, 60)]
    public void each_pause_is_below_a_cap_that_doubles_up_to_the_maximum(int attempt, int capMilliseconds)
    {
        var pauses = Enumerable.Range(0, 200).Select(_ => Retry.PauseAfter(attempt)).ToList();

        Assert.All(pauses, p => Assert.InRange(p, TimeSpan.Zero, TimeSpan.FromMilliseconds(capMilliseconds)));
        Assert.True(pauses.Distinct().Count() > 1, "The pauses are random, so rivals spread apart.");
    }

    [Fact]
    public void with_no_base_delay_there_is_no_pause()
    {
        Assert.Equal(TimeSpan.Zero, (Retry with { BaseDelay = TimeSpan.Zero }).PauseAfter(3));
    }
}
