namespace Razors.Aws.CloudFormation;

/// <summary>
/// The part of CloudFormation <c>razors deploy|diff|destroy</c> uses, named as in <c>Amazon.CloudFormation</c>
/// (not available here) so that package can replace <see cref="AmazonCloudFormationClient"/> without touching callers.
/// Pagination is the caller's: pass the answer's <c>NextToken</c> back in until it is null.
/// </summary>
/// <remarks>API reference: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Operations.html</remarks>
public interface IAmazonCloudFormation
{
    Task<DescribeStacksResponse> DescribeStacksAsync(DescribeStacksRequest request, CancellationToken cancellationToken = default);

    Task<GetTemplateResponse> GetTemplateAsync(GetTemplateRequest request, CancellationToken cancellationToken = default);

    Task<CreateChangeSetResponse> CreateChangeSetAsync(CreateChangeSetRequest request, CancellationToken cancellationToken = default);

    Task<DescribeChangeSetResponse> DescribeChangeSetAsync(DescribeChangeSetRequest request, CancellationToken cancellationToken = default);

    Task<ExecuteChangeSetResponse> ExecuteChangeSetAsync(ExecuteChangeSetRequest request, CancellationToken cancellationToken = default);

    Task<DeleteChangeSetResponse> DeleteChangeSetAsync(DeleteChangeSetRequest request, CancellationToken cancellationToken = default);

    Task<DescribeStackEventsResponse> DescribeStackEventsAsync(DescribeStackEventsRequest request, CancellationToken cancellationToken = default);

    Task<DeleteStackResponse> DeleteStackAsync(DeleteStackRequest request, CancellationToken cancellationToken = default);

    Task<CancelUpdateStackResponse> CancelUpdateStackAsync(CancelUpdateStackRequest request, CancellationToken cancellationToken = default);
}
