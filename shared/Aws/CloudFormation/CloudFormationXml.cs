using System.Xml.Linq;

namespace Razors.Aws.CloudFormation;

/// <summary>
/// CloudFormation's answers read from their <c>&lt;{Action}Result&gt;</c> element; element names as in
/// the API reference (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Types.html).
/// </summary>
internal static class CloudFormationXml
{
    public static DescribeStacksResponse DescribeStacks(XElement result) => new()
    {
        Stacks = [.. result.Members("Stacks").Select(Stack)],
        NextToken = result.Text("NextToken"),
    };

    public static GetTemplateResponse GetTemplate(XElement result) => new() { TemplateBody = result.Text("TemplateBody") };

    public static CreateChangeSetResponse CreateChangeSet(XElement result) => new()
    {
        Id = result.Text("Id"),
        StackId = result.Text("StackId"),
    };

    public static DescribeChangeSetResponse DescribeChangeSet(XElement result) => new()
    {
        ChangeSetId = result.Text("ChangeSetId"),
        ChangeSetName = result.Text("ChangeSetName"),
        StackId = result.Text("StackId"),
        StackName = result.Text("StackName"),
        Status = result.Text("Status"),
        StatusReason = result.Text("StatusReason"),
        ExecutionStatus = result.Text("ExecutionStatus"),
        Changes = [.. result.Members("Changes").Select(Change)],
        NextToken = result.Text("NextToken"),
        Parameters = [.. result.Members("Parameters").Select(Parameter)],
    };

    public static DescribeStackEventsResponse DescribeStackEvents(XElement result) => new()
    {
        StackEvents = [.. result.Members("StackEvents").Select(StackEvent)],
        NextToken = result.Text("NextToken"),
    };

    private static Stack Stack(XElement member) => new()
    {
        StackId = member.Text("StackId"),
        StackName = member.Text("StackName"),
        StackStatus = member.Text("StackStatus"),
        StackStatusReason = member.Text("StackStatusReason"),
        Description = member.Text("Description"),
        CreationTime = member.Time("CreationTime") ?? throw Missing("Stack", "CreationTime"),
        LastUpdatedTime = member.Time("LastUpdatedTime"),
        Outputs = [.. member.Members("Outputs").Select(o => new Output
        {
            OutputKey = o.Text("OutputKey"),
            OutputValue = o.Text("OutputValue"),
            Description = o.Text("Description"),
            ExportName = o.Text("ExportName"),
        })],
        Parameters = [.. member.Members("Parameters").Select(Parameter)],
        Tags = [.. member.Members("Tags").Select(t => new Tag { Key = t.Text("Key"), Value = t.Text("Value") })],
        Capabilities = member.Strings("Capabilities"),
        EnableTerminationProtection = member.Bool("EnableTerminationProtection"),
    };

    private static Parameter Parameter(XElement member) => new()
    {
        ParameterKey = member.Text("ParameterKey"),
        ParameterValue = member.Text("ParameterValue"),
        UsePreviousValue = member.Bool("UsePreviousValue"),
        ResolvedValue = member.Text("ResolvedValue"),
    };

    private static Change Change(XElement member) => new()
    {
        Type = member.Text("Type"),
        ResourceChange = member.Child("ResourceChange") is { } change
            ? new ResourceChange
            {
                Action = change.Text("Action"),
                LogicalResourceId = change.Text("LogicalResourceId"),
                PhysicalResourceId = change.Text("PhysicalResourceId"),
                ResourceType = change.Text("ResourceType"),
                Replacement = change.Text("Replacement"),
                Scope = change.Strings("Scope"),
                Details = [.. change.Members("Details").Select(Detail)],
            }
            : null,
    };

    private static ResourceChangeDetail Detail(XElement member) => new()
    {
        Target = member.Child("Target") is { } target
            ? new ResourceTargetDefinition
            {
                Attribute = target.Text("Attribute"),
                Name = target.Text("Name"),
                RequiresRecreation = target.Text("RequiresRecreation"),
            }
            : null,
        Evaluation = member.Text("Evaluation"),
        ChangeSource = member.Text("ChangeSource"),
        CausingEntity = member.Text("CausingEntity"),
    };

    private static StackEvent StackEvent(XElement member) => new()
    {
        EventId = member.Text("EventId"),
        StackId = member.Text("StackId"),
        StackName = member.Text("StackName"),
        LogicalResourceId = member.Text("LogicalResourceId"),
        PhysicalResourceId = member.Text("PhysicalResourceId"),
        ResourceType = member.Text("ResourceType"),
        Timestamp = member.Time("Timestamp") ?? throw Missing("StackEvent", "Timestamp"),
        ResourceStatus = member.Text("ResourceStatus"),
        ResourceStatusReason = member.Text("ResourceStatusReason"),
        ClientRequestToken = member.Text("ClientRequestToken"),
    };

    // A FormatException becomes the client's SerializationException (AwsQueryClient.InvokeAsync).
    private static FormatException Missing(string type, string element) => new($"a {type} without its required <{element}>");
}
