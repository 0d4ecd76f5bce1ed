using Razors.Aws.CloudFormation;

namespace Razors.Aws.Tests.CloudFormation;

/// <summary>
/// CloudFormation's XML answers, shaped as the examples of the API reference
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html and its siblings).
/// </summary>
public sealed class when_the_cloudformation_client_reads_an_answer : IDisposable
{
    private const string StackId = "arn:aws:cloudformation:eu-west-1:123456789012:stack/razors-stock/1a2b3c4d-0e10-4ce0-9052-5d484a8c4e5b";
    private const string ChangeSetArn = "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/razors-1/9f8e7d6c-0e10-4ce0-9052-5d484a8c4e5b";

    private readonly CloudFormationStub stub = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task describe_stacks_reads_each_stack_with_its_outputs_parameters_tags_and_capabilities()
    {
        stub.Answers("DescribeStacks", $"""
            <Stacks>
              <member>
                <StackName>razors-stock</StackName>
                <StackId>{StackId}</StackId>
                <Description>Razors stock service</Description>
                <CreationTime>2026-11-23T10:00:30.123Z</CreationTime>
                <LastUpdatedTime>2026-12-01T08:15:00Z</LastUpdatedTime>
                <StackStatus>UPDATE_ROLLBACK_COMPLETE</StackStatus>
                <StackStatusReason>The following resource(s) failed to update: [Queue].</StackStatusReason>
                <DisableRollback>false</DisableRollback>
                <EnableTerminationProtection>true</EnableTerminationProtection>
                <Parameters>
                  <member>
                    <ParameterKey>BootstrapVersion</ParameterKey>
                    <ParameterValue>/cdk-bootstrap/hnb659fds/version</ParameterValue>
                    <ResolvedValue>30</ResolvedValue>
                  </member>
                </Parameters>
                <Outputs>
                  <member>
                    <OutputKey>QueueUrl</OutputKey>
                    <OutputValue>https://sqs.eu-west-1.amazonaws.com/123456789012/razors-stock</OutputValue>
                    <Description>The stock queue</Description>
                    <ExportName>razors-stock-queue-url</ExportName>
                  </member>
                  <member>
                    <OutputKey>TableName</OutputKey>
                    <OutputValue>razors-stock &amp; more</OutputValue>
                  </member>
                </Outputs>
                <Tags>
                  <member><Key>app</Key><Value>razors</Value></member>
                </Tags>
                <Capabilities>
                  <member>CAPABILITY_IAM</member>
                  <member>CAPABILITY_NAMED_IAM</member>
                </Capabilities>
                <NotificationARNs/>
              </member>
              <member>
                <StackName>CDKToolkit</StackName>
                <StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/CDKToolkit/00000000-0000-0000-0000-000000000000</StackId>
                <CreationTime>2026-11-01T00:00:00Z</CreationTime>
                <StackStatus>CREATE_COMPLETE</StackStatus>
              </member>
            </Stacks>
            """);

        var answer = await stub.Client().DescribeStacksAsync(new DescribeStacksRequest(), Token);

        Assert.Null(answer.NextToken);
        Assert.Equal(2, answer.Stacks.Count);
        var stack = answer.Stacks[0];
        Assert.Equal("razors-stock", stack.StackName);
        Assert.Equal(StackId, stack.StackId);
        Assert.Equal("Razors stock service", stack.Description);
        Assert.Equal(StackStatus.UPDATE_ROLLBACK_COMPLETE, stack.StackStatus);
        Assert.Equal("The following resource(s) failed to update: [Queue].", stack.StackStatusReason);
        Assert.Equal(new DateTime(2026, 11, 23, 10, 0, 30, 123, DateTimeKind.Utc), stack.CreationTime);
        Assert.Equal(DateTimeKind.Utc, stack.CreationTime.Kind);
        Assert.Equal(new DateTime(2026, 12, 1, 8, 15, 0, DateTimeKind.Utc), stack.LastUpdatedTime);
        Assert.True(stack.EnableTerminationProtection);
        var parameter = Assert.Single(stack.Parameters);
        Assert.Equal(("BootstrapVersion", "/cdk-bootstrap/hnb659fds/version", "30"), (parameter.ParameterKey, parameter.ParameterValue, parameter.ResolvedValue));
        Assert.Null(parameter.UsePreviousValue);
        Assert.Equal(2, stack.Outputs.Count);
        Assert.Equal(
            ("QueueUrl", "https://sqs.eu-west-1.amazonaws.com/123456789012/razors-stock", "The stock queue", "razors-stock-queue-url"),
            (stack.Outputs[0].OutputKey, stack.Outputs[0].OutputValue, stack.Outputs[0].Description, stack.Outputs[0].ExportName));
        Assert.Equal(("TableName", "razors-stock & more"), (stack.Outputs[1].OutputKey, stack.Outputs[1].OutputValue));
        Assert.Null(stack.Outputs[1].ExportName);
        var tag = Assert.Single(stack.Tags);
        Assert.Equal(("app", "razors"), (tag.Key, tag.Value));
        Assert.Equal(["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"], stack.Capabilities);

        var toolkit = answer.Stacks[1];
        Assert.Equal(("CDKToolkit", StackStatus.CREATE_COMPLETE), (toolkit.StackName, toolkit.StackStatus));
        Assert.Null(toolkit.LastUpdatedTime);
        Assert.Null(toolkit.EnableTerminationProtection);
        Assert.Null(toolkit.StackStatusReason);
        Assert.Empty(toolkit.Outputs);
        Assert.Empty(toolkit.Parameters);
        Assert.Empty(toolkit.Tags);
        Assert.Empty(toolkit.Capabilities);
    }

    [Fact]
    public async Task describe_stacks_pages_by_passing_the_next_token_back()
    {
        stub.Server.NextResponses.Enqueue((System.Net.HttpStatusCode.OK, CloudFormationStub.Answer("DescribeStacks", """
            <Stacks><member><StackName>razors-stock</StackName><CreationTime>2026-11-23T10:00:30Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus></member></Stacks>
            <NextToken>page-2/of+2</NextToken>
            """)));
        stub.Answers("DescribeStacks", """
            <Stacks><member><StackName>razors-payments</StackName><CreationTime>2026-11-24T10:00:30Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus></member></Stacks>
            """);
        var client = stub.Client();

        var names = new List<string?>();
        string? next = null;
        do
        {
            var page = await client.DescribeStacksAsync(new DescribeStacksRequest { NextToken = next }, Token);
            names.AddRange(page.Stacks.Select(s => s.StackName));
            next = page.NextToken;
        }
        while (next is not null);

        Assert.Equal(["razors-stock", "razors-payments"], names);
        var requests = stub.Server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.DoesNotContain(CloudFormationStub.Fields(requests[0].Body), f => f.Name == "NextToken");
        Assert.Contains(("NextToken", "page-2/of+2"), CloudFormationStub.Fields(requests[1].Body));
    }

    [Fact]
    public async Task get_template_reads_the_body_unescaped()
    {
        stub.Answers("GetTemplate", """
            <TemplateBody>{"Resources":{"Queue":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":"a&lt;b&amp;c"}}}}</TemplateBody>
            <StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>
            """);

        var answer = await stub.Client().GetTemplateAsync(new GetTemplateRequest { StackName = "razors-stock" }, Token);

        Assert.Equal("""{"Resources":{"Queue":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":"a<b&c"}}}}""", answer.TemplateBody);
    }

    [Fact]
    public async Task create_change_set_reads_the_change_set_and_stack_ids()
    {
        stub.Answers("CreateChangeSet", $"<Id>{ChangeSetArn}</Id><StackId>{StackId}</StackId>");

        var answer = await stub.Client().CreateChangeSetAsync(new CreateChangeSetRequest { StackName = "razors-stock", ChangeSetName = "razors-1" }, Token);

        Assert.Equal((ChangeSetArn, StackId), (answer.Id, answer.StackId));
    }

    [Fact]
    public async Task describe_change_set_reads_its_status_parameters_and_each_change_with_its_details()
    {
        stub.Answers("DescribeChangeSet", $"""
            <StackId>{StackId}</StackId>
            <Status>CREATE_COMPLETE</Status>
            <ExecutionStatus>AVAILABLE</ExecutionStatus>
            <ChangeSetId>{ChangeSetArn}</ChangeSetId>
            <StackName>razors-stock</StackName>
            <ChangeSetName>razors-1</ChangeSetName>
            <NotificationARNs/>
            <CreationTime>2026-12-07T20:00:00.5Z</CreationTime>
            <Capabilities/>
            <Parameters>
              <member><ParameterValue>/cdk-bootstrap/hnb659fds/version</ParameterValue><ParameterKey>BootstrapVersion</ParameterKey></member>
            </Parameters>
            <Changes>
              <member>
                <Type>Resource</Type>
                <ResourceChange>
                  <Replacement>True</Replacement>
                  <Scope><member>Properties</member><member>Tags</member></Scope>
                  <Details>
                    <member>
                      <ChangeSource>DirectModification</ChangeSource>
                      <Target><RequiresRecreation>Always</RequiresRecreation><Attribute>Properties</Attribute><Name>QueueName</Name></Target>
                      <Evaluation>Static</Evaluation>
                    </member>
                    <member>
                      <ChangeSource>ResourceAttribute</ChangeSource>
                      <CausingEntity>Table.Arn</CausingEntity>
                      <Target><RequiresRecreation>Never</RequiresRecreation><Attribute>Tags</Attribute></Target>
                      <Evaluation>Dynamic</Evaluation>
                    </member>
                  </Details>
                  <LogicalResourceId>Queue</LogicalResourceId>
                  <Action>Modify</Action>
                  <PhysicalResourceId>https://sqs.eu-west-1.amazonaws.com/123456789012/razors-stock</PhysicalResourceId>
                  <ResourceType>AWS::SQS::Queue</ResourceType>
                </ResourceChange>
              </member>
              <member>
                <Type>Resource</Type>
                <ResourceChange>
                  <Scope/>
                  <Details/>
                  <LogicalResourceId>Alarm</LogicalResourceId>
                  <Action>Add</Action>
                  <ResourceType>AWS::CloudWatch::Alarm</ResourceType>
                </ResourceChange>
              </member>
            </Changes>
            <NextToken>changes-2</NextToken>
            """);

        var answer = await stub.Client().DescribeChangeSetAsync(new DescribeChangeSetRequest { ChangeSetName = ChangeSetArn }, Token);

        Assert.Equal((ChangeSetArn, "razors-1", StackId, "razors-stock"), (answer.ChangeSetId, answer.ChangeSetName, answer.StackId, answer.StackName));
        Assert.Equal((ChangeSetStatus.CREATE_COMPLETE, ExecutionStatus.AVAILABLE), (answer.Status, answer.ExecutionStatus));
        Assert.Null(answer.StatusReason);
        Assert.Equal("changes-2", answer.NextToken);
        var parameter = Assert.Single(answer.Parameters);
        Assert.Equal(("BootstrapVersion", "/cdk-bootstrap/hnb659fds/version"), (parameter.ParameterKey, parameter.ParameterValue));
        Assert.Equal(2, answer.Changes.Count);

        var modify = answer.Changes[0];
        Assert.Equal("Resource", modify.Type);
        var change = modify.ResourceChange!;
        Assert.Equal(
            (ChangeAction.Modify, "Queue", "https://sqs.eu-west-1.amazonaws.com/123456789012/razors-stock", "AWS::SQS::Queue", "True"),
            (change.Action, change.LogicalResourceId, change.PhysicalResourceId, change.ResourceType, change.Replacement));
        Assert.Equal(["Properties", "Tags"], change.Scope);
        Assert.Equal(2, change.Details.Count);
        var direct = change.Details[0];
        Assert.Equal(("DirectModification", "Static", null), (direct.ChangeSource, direct.Evaluation, direct.CausingEntity));
        Assert.Equal(("Properties", "QueueName", "Always"), (direct.Target!.Attribute, direct.Target.Name, direct.Target.RequiresRecreation));
        var caused = change.Details[1];
        Assert.Equal(("ResourceAttribute", "Dynamic", "Table.Arn"), (caused.ChangeSource, caused.Evaluation, caused.CausingEntity));
        Assert.Equal(("Tags", null, "Never"), (caused.Target!.Attribute, caused.Target.Name, caused.Target.RequiresRecreation));

        var add = answer.Changes[1].ResourceChange!;
        Assert.Equal((ChangeAction.Add, "Alarm", null, null), (add.Action, add.LogicalResourceId, add.PhysicalResourceId, add.Replacement));
        Assert.Empty(add.Scope);
        Assert.Empty(add.Details);
    }

    [Fact]
    public async Task a_failed_change_set_says_why()
    {
        stub.Answers("DescribeChangeSet", """
            <Status>FAILED</Status>
            <StatusReason>The submitted information didn't contain changes. Submit different information to create a change set.</StatusReason>
            <ExecutionStatus>UNAVAILABLE</ExecutionStatus>
            <Changes/>
            """);

        var answer = await stub.Client().DescribeChangeSetAsync(new DescribeChangeSetRequest { ChangeSetName = "razors-1", StackName = "razors-stock" }, Token);

        Assert.Equal((ChangeSetStatus.FAILED, ExecutionStatus.UNAVAILABLE), (answer.Status, answer.ExecutionStatus));
        Assert.StartsWith("The submitted information didn't contain changes.", answer.StatusReason, StringComparison.Ordinal);
        Assert.Empty(answer.Changes);
        Assert.Null(answer.NextToken);
    }

    [Fact]
    public async Task describe_stack_events_reads_each_event_with_its_utc_timestamp_and_token()
    {
        stub.Answers("DescribeStackEvents", $"""
            <StackEvents>
              <member>
                <EventId>Queue-UPDATE_FAILED-2026-12-07T20:01:02.345Z</EventId>
                <StackId>{StackId}</StackId>
                <StackName>razors-stock</StackName>
                <LogicalResourceId>Queue</LogicalResourceId>
                <PhysicalResourceId>https://sqs.eu-west-1.amazonaws.com/123456789012/razors-stock</PhysicalResourceId>
                <ResourceType>AWS::SQS::Queue</ResourceType>
                <Timestamp>2026-12-07T20:01:02.345Z</Timestamp>
                <ResourceStatus>UPDATE_FAILED</ResourceStatus>
                <ResourceStatusReason>Resource handler returned message: "Access denied" (RequestToken: abc)</ResourceStatusReason>
                <ClientRequestToken>razors-deploy-1</ClientRequestToken>
              </member>
              <member>
                <EventId>1dedea10-d47c-11f0-8d5d-example</EventId>
                <StackId>{StackId}</StackId>
                <StackName>razors-stock</StackName>
                <LogicalResourceId>razors-stock</LogicalResourceId>
                <PhysicalResourceId>{StackId}</PhysicalResourceId>
                <ResourceType>AWS::CloudFormation::Stack</ResourceType>
                <Timestamp>2026-12-07T20:00:59Z</Timestamp>
                <ResourceStatus>UPDATE_IN_PROGRESS</ResourceStatus>
                <ResourceStatusReason>User Initiated</ResourceStatusReason>
              </member>
            </StackEvents>
            <NextToken>events-2</NextToken>
            """);

        var answer = await stub.Client().DescribeStackEventsAsync(new DescribeStackEventsRequest { StackName = StackId }, Token);

        Assert.Equal("events-2", answer.NextToken);
        Assert.Equal(2, answer.StackEvents.Count);
        var failed = answer.StackEvents[0];
        Assert.Equal(
            ("Queue-UPDATE_FAILED-2026-12-07T20:01:02.345Z", StackId, "razors-stock", "Queue", "AWS::SQS::Queue", "UPDATE_FAILED", "razors-deploy-1"),
            (failed.EventId, failed.StackId, failed.StackName, failed.LogicalResourceId, failed.ResourceType, failed.ResourceStatus, failed.ClientRequestToken));
        Assert.Equal("https://sqs.eu-west-1.amazonaws.com/123456789012/razors-stock", failed.PhysicalResourceId);
        Assert.Equal("""Resource handler returned message: "Access denied" (RequestToken: abc)""", failed.ResourceStatusReason);
        Assert.Equal(new DateTime(2026, 12, 7, 20, 1, 2, 345, DateTimeKind.Utc), failed.Timestamp);
        Assert.Equal(DateTimeKind.Utc, failed.Timestamp.Kind);

        var started = answer.StackEvents[1];
        Assert.Equal(("AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated"), (started.ResourceType, started.ResourceStatus, started.ResourceStatusReason));
        Assert.Equal(new DateTime(2026, 12, 7, 20, 0, 59, DateTimeKind.Utc), started.Timestamp);
        Assert.Null(started.ClientRequestToken);
    }

    [Fact]
    public async Task answers_without_a_result_element_are_empty_responses()
    {
        stub.Server.ResponseBody = CloudFormationStub.EmptyAnswer("DeleteStack");
        Assert.NotNull(await stub.Client().DeleteStackAsync(new DeleteStackRequest { StackName = "razors-stock" }, Token));

        stub.Server.ResponseBody = CloudFormationStub.Answer("ExecuteChangeSet", "");
        Assert.NotNull(await stub.Client().ExecuteChangeSetAsync(new ExecuteChangeSetRequest { ChangeSetName = ChangeSetArn }, Token));

        Assert.Equal(2, stub.Server.Requests.Count);
    }

    [Fact]
    public async Task an_answer_without_the_namespace_is_read_the_same()
    {
        stub.Server.ResponseBody = """
            <DescribeStacksResponse><DescribeStacksResult><Stacks><member>
              <StackName>razors-stock</StackName><CreationTime>2026-11-23T10:00:30Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus>
            </member></Stacks></DescribeStacksResult></DescribeStacksResponse>
            """;

        var answer = await stub.Client().DescribeStacksAsync(new DescribeStacksRequest(), Token);

        Assert.Equal("razors-stock", Assert.Single(answer.Stacks).StackName);
    }

    [Theory]
    [InlineData("{\"Stacks\": []}", "not XML")]
    [InlineData("<GetTemplateResponse><GetTemplateResult/></GetTemplateResponse>", "<GetTemplateResponse>")]
    [InlineData("<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>s</StackName></member></Stacks></DescribeStacksResult></DescribeStacksResponse>", "CreationTime")]
    [InlineData("<DescribeStacksResponse><DescribeStacksResult><Stacks><member><CreationTime>yesterday</CreationTime></member></Stacks></DescribeStacksResult></DescribeStacksResponse>", "not its answer")]
    [InlineData("<DescribeStacksResponse><DescribeStacksResult><Stacks><member><CreationTime>2026-11-23T10:00:30Z</CreationTime><EnableTerminationProtection>yes</EnableTerminationProtection></member></Stacks></DescribeStacksResult></DescribeStacksResponse>", "not its answer")]
    public async Task an_answer_that_is_not_the_actions_xml_is_a_serialization_error(string body, string says)
    {
        stub.Server.ResponseBody = body;

        var error = await Assert.ThrowsAsync<AmazonCloudFormationException>(
            () => stub.Client().DescribeStacksAsync(new DescribeStacksRequest(), Token));

        Assert.Equal("SerializationException", error.ErrorCode);
        Assert.Equal(200, error.StatusCode);
        Assert.Contains("DescribeStacks", error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Single(stub.Server.Requests);
    }

    public void Dispose() => stub.Dispose();
}
