namespace Razors.Aws;

/// <summary>How often and how patiently a client retries a throttled call.</summary>
public sealed record ThrottlingRetryOptions
{
    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Ceiling of the first pause; doubles on each retry.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest ceiling; the AWS SDKs' standard retry mode caps backoff at 20 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Exponential backoff with "equal jitter": half the ceiling plus a random part of the other
    /// half, so throttled callers spread out yet always pause.
    /// </summary>
    internal TimeSpan Backoff(int attempt)
    {
        var ceiling = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * (1L << Math.Min(attempt, 30))));
        return ceiling / 2 + ceiling / 2 * Random.Shared.NextDouble();
    }
}
