namespace Razors.Aws.CloudFormation;

public sealed class CreateChangeSetRequest
{
    public string? StackName { get; set; }

    public string? ChangeSetName { get; set; }

    /// <summary><c>CREATE</c>, <c>UPDATE</c> (the default) or <c>IMPORT</c> (see <see cref="CloudFormation.ChangeSetType"/>).</summary>
    public string? ChangeSetType { get; set; }

    /// <summary>An S3 URL of the template (up to 1 MB); or give <see cref="TemplateBody"/> (up to 51,200 bytes).</summary>
    public string? TemplateURL { get; set; }

    public string? TemplateBody { get; set; }

    public bool? UsePreviousTemplate { get; set; }

    public List<Parameter> Parameters { get; set; } = [];

    /// <summary>For example <c>CAPABILITY_IAM</c>, <c>CAPABILITY_NAMED_IAM</c>, <c>CAPABILITY_AUTO_EXPAND</c>.</summary>
    public List<string> Capabilities { get; set; } = [];

    public string? RoleARN { get; set; }

    public List<Tag> Tags { get; set; } = [];

    public string? Description { get; set; }

    public string? ClientToken { get; set; }
}

public sealed class CreateChangeSetResponse
{
    /// <summary>The change set's ARN.</summary>
    public string? Id { get; set; }

    public string? StackId { get; set; }
}

public sealed class DescribeChangeSetRequest
{
    /// <summary>The change set's name (then give <see cref="StackName"/>) or ARN.</summary>
    public string? ChangeSetName { get; set; }

    public string? StackName { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DescribeChangeSetResponse
{
    public string? ChangeSetId { get; set; }

    public string? ChangeSetName { get; set; }

    public string? StackId { get; set; }

    public string? StackName { get; set; }

    /// <summary><c>CREATE_PENDING</c>, <c>CREATE_IN_PROGRESS</c>, <c>CREATE_COMPLETE</c>, <c>FAILED</c>, … (see <see cref="ChangeSetStatus"/>).</summary>
    public string? Status { get; set; }

    /// <summary>Why the change set <c>FAILED</c>, for example that the template has no changes.</summary>
    public string? StatusReason { get; set; }

    /// <summary><c>AVAILABLE</c> when it can be executed (see <see cref="CloudFormation.ExecutionStatus"/>).</summary>
    public string? ExecutionStatus { get; set; }

    public List<Change> Changes { get; set; } = [];

    /// <summary>Null on the last page of <see cref="Changes"/>.</summary>
    public string? NextToken { get; set; }

    public List<Parameter> Parameters { get; set; } = [];
}

public sealed class Change
{
    /// <summary><c>Resource</c>.</summary>
    public string? Type { get; set; }

    public ResourceChange? ResourceChange { get; set; }
}

public sealed class ResourceChange
{
    /// <summary><c>Add</c>, <c>Modify</c>, <c>Remove</c>, <c>Import</c>, <c>Dynamic</c> (see <see cref="ChangeAction"/>).</summary>
    public string? Action { get; set; }

    public string? LogicalResourceId { get; set; }

    public string? PhysicalResourceId { get; set; }

    public string? ResourceType { get; set; }

    /// <summary><c>True</c>, <c>False</c> or <c>Conditional</c>; only for <c>Modify</c>.</summary>
    public string? Replacement { get; set; }

    /// <summary>What changes: <c>Properties</c>, <c>Metadata</c>, <c>CreationPolicy</c>, <c>UpdatePolicy</c>, <c>DeletionPolicy</c>, <c>Tags</c>, …</summary>
    public List<string> Scope { get; set; } = [];

    public List<ResourceChangeDetail> Details { get; set; } = [];
}

public sealed class ResourceChangeDetail
{
    public ResourceTargetDefinition? Target { get; set; }

    /// <summary><c>Static</c> or <c>Dynamic</c>.</summary>
    public string? Evaluation { get; set; }

    /// <summary><c>ResourceReference</c>, <c>ParameterReference</c>, <c>ResourceAttribute</c>, <c>DirectModification</c>, <c>Automatic</c>.</summary>
    public string? ChangeSource { get; set; }

    public string? CausingEntity { get; set; }
}

public sealed class ResourceTargetDefinition
{
    public string? Attribute { get; set; }

    public string? Name { get; set; }

    /// <summary><c>Never</c>, <c>Conditionally</c> or <c>Always</c>.</summary>
    public string? RequiresRecreation { get; set; }
}

public sealed class ExecuteChangeSetRequest
{
    public string? ChangeSetName { get; set; }

    public string? StackName { get; set; }

    /// <summary>Marks the stack events the execution causes.</summary>
    public string? ClientRequestToken { get; set; }
}

public sealed class ExecuteChangeSetResponse;

public sealed class DeleteChangeSetRequest
{
    public string? ChangeSetName { get; set; }

    public string? StackName { get; set; }
}

public sealed class DeleteChangeSetResponse;
