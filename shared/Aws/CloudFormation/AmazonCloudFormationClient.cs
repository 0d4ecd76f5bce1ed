using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;

namespace Razors.Aws.CloudFormation;

/// <summary>
/// CloudFormation over the AWS query protocol (<c>POST /</c>, form-encoded <c>Action=…&amp;Version=2010-05-15</c>,
/// XML answers), standing in for <c>Amazon.CloudFormation.AmazonCloudFormationClient</c>, which is not available here.
/// </summary>
/// <remarks>
/// Every call is retried on throttling (code <c>Throttling</c>, HTTP 400; or 429, 503) with
/// <see cref="ThrottlingRetryOptions"/> backoff: a throttled call was refused before anything happened,
/// so even <c>ExecuteChangeSet</c> and <c>DeleteStack</c> cannot run twice. Other errors are thrown at once
/// as an <see cref="AmazonCloudFormationException"/> carrying CloudFormation's code and message.
/// </remarks>
public sealed class AmazonCloudFormationClient : IAmazonCloudFormation, IDisposable
{
    /// <summary>The API version every call names.</summary>
    public const string ApiVersion = "2010-05-15";

    private readonly AwsQueryClient client;
    private readonly ThrottlingRetryOptions retry;
    private readonly TimeProvider time;

    /// <summary>
    /// Uses <paramref name="httpClient"/> (which signs, and which the caller disposes) for <paramref name="serviceUrl"/>;
    /// <paramref name="time"/> runs the pauses between throttled attempts.
    /// </summary>
    public AmazonCloudFormationClient(HttpClient httpClient, Uri serviceUrl, ThrottlingRetryOptions? retry = null, TimeProvider? time = null)
        : this(new AwsQueryClient(httpClient, serviceUrl, ownsHttpClient: false), retry, time)
    {
    }

    private AmazonCloudFormationClient(AwsQueryClient client, ThrottlingRetryOptions? retry, TimeProvider? time)
    {
        this.client = client;
        this.retry = retry ?? new ThrottlingRetryOptions();
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The endpoint of CloudFormation in <paramref name="region"/>.</summary>
    public static Uri ServiceUrl(RegionEndpoint region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return new Uri($"https://cloudformation.{region.SystemName}.amazonaws.com/");
    }

    /// <summary>A client whose requests are SigV4-signed for service <c>cloudformation</c>.</summary>
    public static AmazonCloudFormationClient CreateSigned(
        Uri serviceUrl, AWSCredentials credentials, RegionEndpoint region, ThrottlingRetryOptions? retry = null, TimeProvider? time = null) =>
        new(new AwsQueryClient(AwsSignedHttpClient.Create(credentials, region, "cloudformation"), serviceUrl, ownsHttpClient: true), retry, time);

    public Task<DescribeStacksResponse> DescribeStacksAsync(DescribeStacksRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var form = Form("DescribeStacks")
            .Add("StackName", request.StackName)
            .Add("NextToken", request.NextToken);
        return InvokeAsync("DescribeStacks", form, CloudFormationXml.DescribeStacks, cancellationToken);
    }

    public Task<GetTemplateResponse> GetTemplateAsync(GetTemplateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(request.StackName, "GetTemplate", "StackName");
        var form = Form("GetTemplate")
            .Add("StackName", request.StackName)
            .Add("TemplateStage", request.TemplateStage);
        return InvokeAsync("GetTemplate", form, CloudFormationXml.GetTemplate, cancellationToken);
    }

    public Task<CreateChangeSetResponse> CreateChangeSetAsync(CreateChangeSetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(request.StackName, "CreateChangeSet", "StackName");
        Require(request.ChangeSetName, "CreateChangeSet", "ChangeSetName");
        var form = Form("CreateChangeSet")
            .Add("StackName", request.StackName)
            .Add("ChangeSetName", request.ChangeSetName)
            .Add("ChangeSetType", request.ChangeSetType)
            .Add("TemplateURL", request.TemplateURL)
            .Add("TemplateBody", request.TemplateBody)
            .Add("UsePreviousTemplate", request.UsePreviousTemplate)
            .AddList("Parameters", request.Parameters, static p => [
                ("ParameterKey", p.ParameterKey),
                ("ParameterValue", p.ParameterValue),
                ("UsePreviousValue", AwsQueryForm.Text(p.UsePreviousValue)),
            ])
            .AddList("Capabilities", request.Capabilities)
            .Add("RoleARN", request.RoleARN)
            .AddList("Tags", request.Tags, static t => [("Key", t.Key), ("Value", t.Value)])
            .Add("Description", request.Description)
            .Add("ClientToken", request.ClientToken);
        return InvokeAsync("CreateChangeSet", form, CloudFormationXml.CreateChangeSet, cancellationToken);
    }

    public Task<DescribeChangeSetResponse> DescribeChangeSetAsync(DescribeChangeSetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(request.ChangeSetName, "DescribeChangeSet", "ChangeSetName");
        var form = Form("DescribeChangeSet")
            .Add("ChangeSetName", request.ChangeSetName)
            .Add("StackName", request.StackName)
            .Add("NextToken", request.NextToken);
        return InvokeAsync("DescribeChangeSet", form, CloudFormationXml.DescribeChangeSet, cancellationToken);
    }

    public Task<ExecuteChangeSetResponse> ExecuteChangeSetAsync(ExecuteChangeSetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(request.ChangeSetName, "ExecuteChangeSet", "ChangeSetName");
        var form = Form("ExecuteChangeSet")
            .Add("ChangeSetName", request.ChangeSetName)
            .Add("StackName", request.StackName)
            .Add("ClientRequestToken", request.ClientRequestToken);
        return InvokeAsync("ExecuteChangeSet", form, static _ => new ExecuteChangeSetResponse(), cancellationToken);
    }

    public Task<DeleteChangeSetResponse> DeleteChangeSetAsync(DeleteChangeSetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(request.ChangeSetName, "DeleteChangeSet", "ChangeSetName");
        var form = Form("DeleteChangeSet")
            .Add("ChangeSetName", request.ChangeSetName)
            .Add("StackName", request.StackName);
        return InvokeAsync("DeleteChangeSet", form, static _ => new DeleteChangeSetResponse(), cancellationToken);
    }

    public Task<DescribeStackEventsResponse> DescribeStackEventsAsync(DescribeStackEventsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(request.StackName, "DescribeStackEvents", "StackName");
        var form = Form("DescribeStackEvents")
            .Add("StackName", request.StackName)
            .Add("NextToken", request.NextToken);
        return InvokeAsync("DescribeStackEvents", form, CloudFormationXml.DescribeStackEvents, cancellationToken);
    }

    public Task<DeleteStackResponse> DeleteStackAsync(DeleteStackRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(request.StackName, "DeleteStack", "StackName");
        var form = Form("DeleteStack")
            .Add("StackName", request.StackName)
            .Add("RoleARN", request.RoleARN)
            .Add("ClientRequestToken", request.ClientRequestToken);
        return InvokeAsync("DeleteStack", form, static _ => new DeleteStackResponse(), cancellationToken);
    }

    public Task<CancelUpdateStackResponse> CancelUpdateStackAsync(CancelUpdateStackRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(request.StackName, "CancelUpdateStack", "StackName");
        var form = Form("CancelUpdateStack")
            .Add("StackName", request.StackName)
            .Add("ClientRequestToken", request.ClientRequestToken);
        return InvokeAsync("CancelUpdateStack", form, static _ => new CancelUpdateStackResponse(), cancellationToken);
    }

    public void Dispose() => client.Dispose();

    private static AwsQueryForm Form(string action) => new(action, ApiVersion);

    private static void Require(string? value, string action, string member)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{action} needs a {member}.");
        }
    }

    private Task<TResponse> InvokeAsync<TResponse>(string action, AwsQueryForm form, Func<XElement, TResponse> read, CancellationToken cancellationToken) =>
        client.InvokeRetryingThrottlesAsync(
            action, form, read,
            static (code, message, status) => new AmazonCloudFormationException(code, message, status),
            retry, time, cancellationToken);
}
