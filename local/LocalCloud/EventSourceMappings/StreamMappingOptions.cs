namespace Razors.LocalCloud.EventSourceMappings;

/// <summary>How a local stream mapping paces itself and names the function in failure records.</summary>
public sealed record StreamMappingOptions
{
    /// <summary>Wait before the first retry of a failed batch; doubles per attempt up to <see cref="MaxRetryBackoff"/>.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Pause of <see cref="DynamoDbStreamEventSourceMapping.RunAsync"/> when a poll found nothing to do.</summary>
    public TimeSpan IdlePollInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The longest pause of a mapping whose polls keep finding nothing: each empty poll doubles the
    /// pause from <see cref="IdlePollInterval"/> up to this. Every idle poll costs DynamoDB Local a
    /// DescribeStream and GetRecords, so idle mappings of quiet tables would otherwise tax the busy ones.
    /// </summary>
    public TimeSpan MaxIdlePollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Pause after the stream or the on-failure queue answered an error.</summary>
    public TimeSpan ErrorBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = LocalArns.DefaultAccountId;
}
