namespace Razors.LocalCloud.Buses;

/// <summary>Settings of the local EventBridge.</summary>
public sealed class LocalEventBridgeOptions
{
    public string Region { get; init; } = LocalArns.DefaultRegion;

    public string AccountId { get; init; } = LocalArns.DefaultAccountId;

    /// <summary>
    /// 256 KB per the EventBridge user guide; the newest API reference says 1 MB, so it is a
    /// setting rather than a constant (docs/aws-semantics.md §5).
    /// </summary>
    public int MaxEntrySizeBytes { get; init; } = 256 * 1024;

    /// <summary>The first retry waits up to this long; each later one up to twice the previous.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>No retry waits longer than this. AWS does not publish its intervals.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The dispatcher loop re-checks at least this often even when nothing woke it.</summary>
    public TimeSpan MaxIdleWait { get; init; } = TimeSpan.FromSeconds(1);
}
