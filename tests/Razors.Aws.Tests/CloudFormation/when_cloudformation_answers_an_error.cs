using System.Net;
using Razors.Aws.CloudFormation;
using Razors.Testing;

namespace Razors.Aws.Tests.CloudFormation;

/// <summary>
/// CloudFormation's error answers (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html)
/// become an <see cref="AmazonCloudFormationException"/>; throttling is retried with backoff on fake time.
/// </summary>
public sealed class when_cloudformation_answers_an_error : IDisposable
{
    private const string StackId = "arn:aws:cloudformation:eu-west-1:123456789012:stack/razors-stock/1a2b3c4d-0e10-4ce0-9052-5d484a8c4e5b";

    private static readonly string Throttled = CloudFormationStub.Error("Throttling", "Rate exceeded");

    private static readonly string Stacks = CloudFormationStub.Answer("DescribeStacks", """
        <Stacks><member><StackName>razors-stock</StackName><CreationTime>2026-11-23T10:00:30Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus></member></Stacks>
        """);

    private readonly CloudFormationStub stub = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_missing_stack_is_a_validation_error_with_cloudformations_message()
    {
        stub.Fails(HttpStatusCode.BadRequest, CloudFormationStub.Error("ValidationError", "Stack with id razors-stock does not exist"));

        var error = await Assert.ThrowsAsync<AmazonCloudFormationException>(
            () => stub.Client().DescribeStacksAsync(new DescribeStacksRequest { StackName = "razors-stock" }, Token));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("Stack with id razors-stock does not exist", error.Message);
        Assert.False(error.IsThrottling);
        Assert.Single(stub.Server.Requests);
    }

    public static TheoryData<string, string, string, Func<IAmazonCloudFormation, Task>> Refusals => new()
    {
        {
            "ValidationError", "No updates are to be performed.", "UpdateStack's answer when the template is unchanged",
            c => c.CreateChangeSetAsync(new CreateChangeSetRequest { StackName = "razors-stock", ChangeSetName = "razors-1", UsePreviousTemplate = true }, Token)
        },
        {
            "ChangeSetNotFound", "ChangeSet [razors-1] does not exist", "an unknown change set",
            c => c.DescribeChangeSetAsync(new DescribeChangeSetRequest { ChangeSetName = "razors-1", StackName = "razors-stock" }, Token)
        },
        {
            "AlreadyExistsException", "ChangeSet razors-1 cannot be created due to a mismatch with existing attribute Template", "a change set name in use",
            c => c.CreateChangeSetAsync(new CreateChangeSetRequest { StackName = "razors-stock", ChangeSetName = "razors-1", ChangeSetType = ChangeSetType.CREATE }, Token)
        },
        {
            "InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_NAMED_IAM]", "a template with named IAM resources",
            c => c.CreateChangeSetAsync(new CreateChangeSetRequest { StackName = "razors-stock", ChangeSetName = "razors-1" }, Token)
        },
        {
            "ValidationError", "Stack:" + StackId + " is in UPDATE_IN_PROGRESS state and can not be updated.", "a stack busy with another update",
            c => c.ExecuteChangeSetAsync(new ExecuteChangeSetRequest { ChangeSetName = "razors-1", StackName = "razors-stock" }, Token)
        },
        {
            "ValidationError", "Stack [razors-stock] cannot be deleted while TerminationProtection is enabled", "a protected stack",
            c => c.DeleteStackAsync(new DeleteStackRequest { StackName = "razors-stock" }, Token)
        },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task a_refusal_carries_its_code_and_message_and_is_not_retried(string code, string message, string why, Func<IAmazonCloudFormation, Task> call)
    {
        stub.Fails(HttpStatusCode.BadRequest, CloudFormationStub.Error(code, message));

        var error = await Assert.ThrowsAsync<AmazonCloudFormationException>(() => call(stub.Client()));

        Assert.True(error.ErrorCode == code, $"{why}: code {error.ErrorCode}");
        Assert.Equal(message, error.Message);
        Assert.Equal(400, error.StatusCode);
        Assert.Single(stub.Server.Requests);
    }

    [Fact]
    public async Task a_server_error_keeps_its_status()
    {
        stub.Fails(HttpStatusCode.InternalServerError, CloudFormationStub.Error("InternalFailure", "We encountered an internal error.", "Receiver"));

        var error = await Assert.ThrowsAsync<AmazonCloudFormationException>(
            () => stub.Client().DescribeStackEventsAsync(new DescribeStackEventsRequest { StackName = "razors-stock" }, Token));

        Assert.Equal(("InternalFailure", 500), (error.ErrorCode, error.StatusCode));
        Assert.Single(stub.Server.Requests);
    }

    [Fact]
    public async Task a_body_that_is_not_xml_falls_back_to_the_status_and_its_reason()
    {
        stub.Fails(HttpStatusCode.BadGateway, "<html><body>502 Bad Gateway</body>");

        var error = await Assert.ThrowsAsync<AmazonCloudFormationException>(
            () => stub.Client().GetTemplateAsync(new GetTemplateRequest { StackName = "razors-stock" }, Token));

        Assert.Equal(("Http502", 502), (error.ErrorCode, error.StatusCode));
        Assert.Equal("Bad Gateway", error.Message);
        Assert.Single(stub.Server.Requests);
    }

    [Fact]
    public async Task xml_that_is_not_an_error_answer_falls_back_to_the_status_too()
    {
        stub.Fails(HttpStatusCode.Forbidden, "<AccessDenied>nope</AccessDenied>");

        var error = await Assert.ThrowsAsync<AmazonCloudFormationException>(
            () => stub.Client().DescribeStacksAsync(new DescribeStacksRequest(), Token));

        Assert.Equal(("Http403", 403, "Forbidden"), (error.ErrorCode, error.StatusCode, error.Message));
    }

    [Fact]
    public async Task a_throttled_call_is_sent_again_after_a_pause_until_it_succeeds()
    {
        stub.Server.NextResponses.Enqueue((HttpStatusCode.BadRequest, Throttled));
        stub.Server.NextResponses.Enqueue((HttpStatusCode.BadRequest, Throttled));
        stub.Server.NextResponses.Enqueue((HttpStatusCode.ServiceUnavailable, ""));
        stub.Server.ResponseBody = Stacks;

        var call = stub.Client().DescribeStacksAsync(new DescribeStacksRequest { StackName = "razors-stock" }, Token);
        await Razors.Testing.Eventually.TrueAsync(() => !stub.Server.Requests.IsEmpty, TimeSpan.FromSeconds(10), "the first request", Token);
        Assert.False(call.IsCompleted);
        var answer = await Eventually.AdvancingTimeAsync(stub.Time, call, TestContext.Current.CancellationToken);

        Assert.Equal("razors-stock", Assert.Single(answer.Stacks).StackName);
        var requests = stub.Server.Requests.ToArray();
        Assert.Equal(4, requests.Length);
        Assert.All(requests, r => Assert.Equal("Action=DescribeStacks&Version=2010-05-15&StackName=razors-stock", r.Body));
    }

    [Fact]
    public async Task a_throttled_execution_is_retried_too_since_throttling_refused_it_before_it_ran()
    {
        stub.Server.NextResponses.Enqueue((HttpStatusCode.BadRequest, Throttled));
        stub.Server.ResponseBody = CloudFormationStub.Answer("ExecuteChangeSet", "");

        var call = stub.Client().ExecuteChangeSetAsync(new ExecuteChangeSetRequest { ChangeSetName = "razors-1", StackName = "razors-stock", ClientRequestToken = "t-1" }, Token);
        await Eventually.AdvancingTimeAsync(stub.Time, call, TestContext.Current.CancellationToken);

        var requests = stub.Server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Fact]
    public async Task throttling_past_the_retry_limit_surfaces_as_the_throttling_error()
    {
        stub.Fails(HttpStatusCode.BadRequest, Throttled);

        var call = stub.Client(new ThrottlingRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromSeconds(1) })
            .DescribeStackEventsAsync(new DescribeStackEventsRequest { StackName = StackId }, Token);
        var error = await Assert.ThrowsAsync<AmazonCloudFormationException>(() => Eventually.AdvancingTimeAsync(stub.Time, call, TestContext.Current.CancellationToken));

        Assert.Equal(("Throttling", "Rate exceeded", 400), (error.ErrorCode, error.Message, error.StatusCode));
        Assert.True(error.IsThrottling);
        Assert.Equal(3, stub.Server.Requests.Count);
    }

    [Fact]
    public async Task with_no_retries_a_throttled_call_surfaces_at_once()
    {
        stub.Fails(HttpStatusCode.BadRequest, Throttled);

        var error = await Assert.ThrowsAsync<AmazonCloudFormationException>(
            () => stub.Client(new ThrottlingRetryOptions { MaxRetries = 0 }).DeleteStackAsync(new DeleteStackRequest { StackName = "razors-stock" }, Token));

        Assert.Equal("Throttling", error.ErrorCode);
        Assert.Single(stub.Server.Requests);
    }

    public void Dispose() => stub.Dispose();
}
