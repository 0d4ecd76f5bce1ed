namespace Razors.Subscription.Ports;

/// <summary>
/// Remembers which subscription a create with an <c>Idempotency-Key</c> made, and a hash of the
/// request, so a retry gets the same subscription and a different request under the key is refused.
/// </summary>
public sealed record IdempotencyRecord(string Key, string RequestHash, Guid SubscriptionId, DateTimeOffset CreatedAt)
{
    /// <summary>How long a key is remembered; long enough for any client's retries.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public DateTimeOffset ExpiresAt => CreatedAt + Retention;

    /// <summary>
    /// Expired records count as absent even before TTL removes them: DynamoDB deletes expired
    /// items within a few days, not at the second.
    /// </summary>
    public bool IsLiveAt(DateTimeOffset now) => now < ExpiresAt;
}
