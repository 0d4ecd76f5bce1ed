using System.Security.Cryptography;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Razors.Aws.CloudFormation;

namespace Razors.Aws.Tests.CloudFormation;

/// <summary>What each operation puts on the wire: the query protocol's form body, exactly.</summary>
public sealed class when_the_cloudformation_client_sends_a_call : IDisposable
{
    private const string StackId = "arn:aws:cloudformation:eu-west-1:123456789012:stack/razors-stock/1a2b3c4d-0e10-4ce0-9052-5d484a8c4e5b";
    private const string ChangeSetArn = "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/razors-1/9f8e7d6c-0e10-4ce0-9052-5d484a8c4e5b";

    private readonly CloudFormationStub stub = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task it_posts_a_form_encoded_utf8_body_to_the_root()
    {
        stub.Answers("DescribeStacks", "<Stacks/>");

        await stub.Client().DescribeStacksAsync(new DescribeStacksRequest { StackName = "razors-stock" }, Token);

        var request = Assert.Single(stub.Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.Equal("", request.Query);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Headers["Content-Type"]);
        Assert.False(request.Headers.ContainsKey("X-Amz-Target"));
        Assert.Equal("Action=DescribeStacks&Version=2010-05-15&StackName=razors-stock", request.Body);
    }

    [Fact]
    public async Task describe_stacks_without_a_name_asks_for_every_stack_and_passes_the_next_token()
    {
        stub.Answers("DescribeStacks", "<Stacks/>");

        await stub.Client().DescribeStacksAsync(new DescribeStacksRequest { NextToken = "page-2" }, Token);

        Assert.Equal(
            [("Action", "DescribeStacks"), ("Version", "2010-05-15"), ("NextToken", "page-2")],
            CloudFormationStub.Fields(Assert.Single(stub.Server.Requests).Body));
    }

    [Fact]
    public async Task special_characters_are_percent_encoded_per_rfc_3986()
    {
        stub.Answers("CreateChangeSet", $"<Id>{ChangeSetArn}</Id><StackId>{StackId}</StackId>");

        await stub.Client().CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = "razors-stock",
            ChangeSetName = "razors-1",
            Description = "a&b=c d+e/f?g~h_i.j-k*(l)!'é€",
        }, Token);

        var body = Assert.Single(stub.Server.Requests).Body;
        Assert.EndsWith("&Description=a%26b%3Dc%20d%2Be%2Ff%3Fg~h_i.j-k%2A%28l%29%21%27%C3%A9%E2%82%AC", body, StringComparison.Ordinal);
        Assert.Equal("a&b=c d+e/f?g~h_i.j-k*(l)!'é€", CloudFormationStub.Fields(body).Single(f => f.Name == "Description").Value);
    }

    [Fact]
    public async Task create_change_set_sends_every_member_with_lists_numbered_from_one()
    {
        stub.Answers("CreateChangeSet", $"<Id>{ChangeSetArn}</Id><StackId>{StackId}</StackId>");

        await stub.Client().CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = "razors-stock",
            ChangeSetName = "razors-1",
            ChangeSetType = ChangeSetType.CREATE,
            TemplateURL = "https://cdk-hnb659fds-assets-123456789012-eu-west-1.s3.eu-west-1.amazonaws.com/abc.json",
            Parameters =
            [
                new Parameter { ParameterKey = "BootstrapVersion", ParameterValue = "/cdk-bootstrap/hnb659fds/version" },
                new Parameter { ParameterKey = "Stage", UsePreviousValue = true },
            ],
            Capabilities = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
            RoleARN = "arn:aws:iam::123456789012:role/cdk-hnb659fds-cfn-exec-role-123456789012-eu-west-1",
            Tags = [new Tag { Key = "app", Value = "razors" }, new Tag { Key = "owner", Value = "a b" }],
            Description = "razors deploy",
            ClientToken = "token-1",
        }, Token);

        Assert.Equal(
            [
                ("Action", "CreateChangeSet"),
                ("Version", "2010-05-15"),
                ("StackName", "razors-stock"),
                ("ChangeSetName", "razors-1"),
                ("ChangeSetType", "CREATE"),
                ("TemplateURL", "https://cdk-hnb659fds-assets-123456789012-eu-west-1.s3.eu-west-1.amazonaws.com/abc.json"),
                ("Parameters.member.1.ParameterKey", "BootstrapVersion"),
                ("Parameters.member.1.ParameterValue", "/cdk-bootstrap/hnb659fds/version"),
                ("Parameters.member.2.ParameterKey", "Stage"),
                ("Parameters.member.2.UsePreviousValue", "true"),
                ("Capabilities.member.1", "CAPABILITY_IAM"),
                ("Capabilities.member.2", "CAPABILITY_NAMED_IAM"),
                ("Capabilities.member.3", "CAPABILITY_AUTO_EXPAND"),
                ("RoleARN", "arn:aws:iam::123456789012:role/cdk-hnb659fds-cfn-exec-role-123456789012-eu-west-1"),
                ("Tags.member.1.Key", "app"),
                ("Tags.member.1.Value", "razors"),
                ("Tags.member.2.Key", "owner"),
                ("Tags.member.2.Value", "a b"),
                ("Description", "razors deploy"),
                ("ClientToken", "token-1"),
            ],
            CloudFormationStub.Fields(Assert.Single(stub.Server.Requests).Body));
    }

    [Fact]
    public async Task create_change_set_with_an_inline_template_and_the_previous_one_leaves_out_empty_lists()
    {
        stub.Answers("CreateChangeSet", $"<Id>{ChangeSetArn}</Id><StackId>{StackId}</StackId>");
        const string Template = """{"Resources":{"Queue":{"Type":"AWS::SQS::Queue"}}}""";

        await stub.Client().CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = "razors-stock",
            ChangeSetName = "razors-2",
            TemplateBody = Template,
            UsePreviousTemplate = false,
        }, Token);

        var request = Assert.Single(stub.Server.Requests);
        Assert.Equal(
            [
                ("Action", "CreateChangeSet"),
                ("Version", "2010-05-15"),
                ("StackName", "razors-stock"),
                ("ChangeSetName", "razors-2"),
                ("TemplateBody", Template),
                ("UsePreviousTemplate", "false"),
            ],
            CloudFormationStub.Fields(request.Body));
        Assert.Contains("TemplateBody=%7B%22Resources%22%3A%7B%22Queue%22", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task get_template_sends_the_stack_and_the_stage()
    {
        stub.Answers("GetTemplate", "<TemplateBody>{}</TemplateBody>");

        await stub.Client().GetTemplateAsync(new GetTemplateRequest { StackName = StackId, TemplateStage = "Original" }, Token);

        Assert.Equal(
            [("Action", "GetTemplate"), ("Version", "2010-05-15"), ("StackName", StackId), ("TemplateStage", "Original")],
            CloudFormationStub.Fields(Assert.Single(stub.Server.Requests).Body));
    }

    [Fact]
    public async Task describe_change_set_sends_the_change_set_the_stack_and_the_next_token()
    {
        stub.Answers("DescribeChangeSet", "<Status>CREATE_PENDING</Status>");

        await stub.Client().DescribeChangeSetAsync(new DescribeChangeSetRequest { ChangeSetName = "razors-1", StackName = "razors-stock", NextToken = "t+1/2=" }, Token);

        var request = Assert.Single(stub.Server.Requests);
        Assert.Equal(
            [("Action", "DescribeChangeSet"), ("Version", "2010-05-15"), ("ChangeSetName", "razors-1"), ("StackName", "razors-stock"), ("NextToken", "t+1/2=")],
            CloudFormationStub.Fields(request.Body));
        Assert.EndsWith("&NextToken=t%2B1%2F2%3D", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task execute_change_set_sends_the_change_set_arn_and_the_request_token()
    {
        stub.Server.ResponseBody = CloudFormationStub.Answer("ExecuteChangeSet", "");

        await stub.Client().ExecuteChangeSetAsync(new ExecuteChangeSetRequest { ChangeSetName = ChangeSetArn, ClientRequestToken = "razors-deploy-1" }, Token);

        Assert.Equal(
            [("Action", "ExecuteChangeSet"), ("Version", "2010-05-15"), ("ChangeSetName", ChangeSetArn), ("ClientRequestToken", "razors-deploy-1")],
            CloudFormationStub.Fields(Assert.Single(stub.Server.Requests).Body));
    }

    [Fact]
    public async Task delete_change_set_sends_the_change_set_and_the_stack()
    {
        stub.Server.ResponseBody = CloudFormationStub.Answer("DeleteChangeSet", "");

        await stub.Client().DeleteChangeSetAsync(new DeleteChangeSetRequest { ChangeSetName = "razors-1", StackName = "razors-stock" }, Token);

        Assert.Equal(
            [("Action", "DeleteChangeSet"), ("Version", "2010-05-15"), ("ChangeSetName", "razors-1"), ("StackName", "razors-stock")],
            CloudFormationStub.Fields(Assert.Single(stub.Server.Requests).Body));
    }

    [Fact]
    public async Task describe_stack_events_sends_the_stack_and_the_next_token()
    {
        stub.Answers("DescribeStackEvents", "<StackEvents/>");

        await stub.Client().DescribeStackEventsAsync(new DescribeStackEventsRequest { StackName = StackId, NextToken = "events-2" }, Token);

        Assert.Equal(
            [("Action", "DescribeStackEvents"), ("Version", "2010-05-15"), ("StackName", StackId), ("NextToken", "events-2")],
            CloudFormationStub.Fields(Assert.Single(stub.Server.Requests).Body));
    }

    [Fact]
    public async Task delete_stack_sends_the_stack_the_role_and_the_request_token()
    {
        stub.Server.ResponseBody = CloudFormationStub.EmptyAnswer("DeleteStack");

        await stub.Client().DeleteStackAsync(new DeleteStackRequest
        {
            StackName = "razors-stock",
            RoleARN = "arn:aws:iam::123456789012:role/deployer",
            ClientRequestToken = "razors-destroy-1",
        }, Token);

        Assert.Equal(
            [
                ("Action", "DeleteStack"), ("Version", "2010-05-15"), ("StackName", "razors-stock"),
                ("RoleARN", "arn:aws:iam::123456789012:role/deployer"), ("ClientRequestToken", "razors-destroy-1"),
            ],
            CloudFormationStub.Fields(Assert.Single(stub.Server.Requests).Body));
    }

    [Fact]
    public async Task cancel_update_stack_sends_the_stack_and_the_request_token()
    {
        stub.Server.ResponseBody = CloudFormationStub.EmptyAnswer("CancelUpdateStack");

        await stub.Client().CancelUpdateStackAsync(new CancelUpdateStackRequest { StackName = "razors-stock", ClientRequestToken = "razors-cancel-1" }, Token);

        Assert.Equal(
            [("Action", "CancelUpdateStack"), ("Version", "2010-05-15"), ("StackName", "razors-stock"), ("ClientRequestToken", "razors-cancel-1")],
            CloudFormationStub.Fields(Assert.Single(stub.Server.Requests).Body));
    }

    public static TheoryData<string, Func<IAmazonCloudFormation, Task>> RequestsMissingAName => new()
    {
        { "StackName", c => c.GetTemplateAsync(new GetTemplateRequest(), Token) },
        { "StackName", c => c.CreateChangeSetAsync(new CreateChangeSetRequest { ChangeSetName = "razors-1" }, Token) },
        { "ChangeSetName", c => c.CreateChangeSetAsync(new CreateChangeSetRequest { StackName = "razors-stock" }, Token) },
        { "ChangeSetName", c => c.DescribeChangeSetAsync(new DescribeChangeSetRequest { StackName = "razors-stock" }, Token) },
        { "ChangeSetName", c => c.ExecuteChangeSetAsync(new ExecuteChangeSetRequest(), Token) },
        { "ChangeSetName", c => c.DeleteChangeSetAsync(new DeleteChangeSetRequest { ChangeSetName = " " }, Token) },
        { "StackName", c => c.DescribeStackEventsAsync(new DescribeStackEventsRequest(), Token) },
        { "StackName", c => c.DeleteStackAsync(new DeleteStackRequest(), Token) },
        { "StackName", c => c.CancelUpdateStackAsync(new CancelUpdateStackRequest(), Token) },
    };

    [Theory]
    [MemberData(nameof(RequestsMissingAName))]
    public async Task a_request_without_its_required_name_is_refused_without_a_call(string member, Func<IAmazonCloudFormation, Task> call)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => call(stub.Client()));

        Assert.Contains(member, error.Message, StringComparison.Ordinal);
        Assert.Empty(stub.Server.Requests);
    }

    [Fact]
    public async Task a_signed_client_signs_for_the_cloudformation_service_including_the_body()
    {
        stub.Answers("DescribeStacks", "<Stacks/>");
        using var client = AmazonCloudFormationClient.CreateSigned(stub.Server.Url, new BasicAWSCredentials("AKIDEXAMPLE", "secret"), RegionEndpoint.EUWest1);

        await client.DescribeStacksAsync(new DescribeStacksRequest { StackName = "razors-stock" }, Token);

        var request = Assert.Single(stub.Server.Requests);
        var authorization = request.Headers["Authorization"];
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", authorization, StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/cloudformation/aws4_request", authorization, StringComparison.Ordinal);
        Assert.Contains("content-type", authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';'));
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", request.Headers["X-Amz-Date"]);
        Assert.Equal("Action=DescribeStacks&Version=2010-05-15&StackName=razors-stock", request.Body);
        // SigV4 signs the payload's SHA-256: the body as received is the body that was signed.
        Assert.Equal(
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body))),
            request.Headers["X-Amz-Content-SHA256"]);
    }

    [Fact]
    public void the_aws_endpoint_is_the_regional_cloudformation_host()
    {
        Assert.Equal(new Uri("https://cloudformation.eu-west-1.amazonaws.com/"), AmazonCloudFormationClient.ServiceUrl(RegionEndpoint.EUWest1));
    }

    public void Dispose() => stub.Dispose();
}
