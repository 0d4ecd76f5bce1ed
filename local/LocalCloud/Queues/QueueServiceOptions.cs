namespace Razors.LocalCloud.Queues;

/// <summary>Where the local queues pretend to live (for ARNs) and how message ids are made.</summary>
public sealed record QueueServiceOptions
{
    public string Region { get; init; } = LocalArns.DefaultRegion;
    public string AccountId { get; init; } = LocalArns.DefaultAccountId;
    /// <summary>Message ids and receipt-handle tokens; SQS message ids are UUIDs.</summary>
    public Func<Guid> NewId { get; init; } = Guid.CreateVersion7;
}
