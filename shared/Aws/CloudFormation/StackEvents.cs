namespace Razors.Aws.CloudFormation;

public sealed class DescribeStackEventsRequest
{
    /// <summary>The stack's name or id (ARN); a deleted stack by its id only.</summary>
    public string? StackName { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DescribeStackEventsResponse
{
    /// <summary>Newest first.</summary>
    public List<StackEvent> StackEvents { get; set; } = [];

    /// <summary>Null on the last page.</summary>
    public string? NextToken { get; set; }
}

public sealed class StackEvent
{
    public string? EventId { get; set; }

    public string? StackId { get; set; }

    public string? StackName { get; set; }

    public string? LogicalResourceId { get; set; }

    public string? PhysicalResourceId { get; set; }

    public string? ResourceType { get; set; }

    /// <summary>UTC.</summary>
    public DateTime Timestamp { get; set; }

    public string? ResourceStatus { get; set; }

    public string? ResourceStatusReason { get; set; }

    /// <summary>The token of the call that caused the event (<see cref="ExecuteChangeSetRequest.ClientRequestToken"/>, …).</summary>
    public string? ClientRequestToken { get; set; }
}
