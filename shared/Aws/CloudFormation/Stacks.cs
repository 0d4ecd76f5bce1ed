namespace Razors.Aws.CloudFormation;

public sealed class DescribeStacksRequest
{
    /// <summary>The stack's name or id (ARN); all stacks of the account and region when null. A deleted stack is found by its id only.</summary>
    public string? StackName { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DescribeStacksResponse
{
    public List<Stack> Stacks { get; set; } = [];

    /// <summary>Null on the last page.</summary>
    public string? NextToken { get; set; }
}

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Named as Amazon.CloudFormation.Model.Stack, so that package can replace it.")]
public sealed class Stack
{
    public string? StackId { get; set; }

    public string? StackName { get; set; }

    /// <summary>For example <c>CREATE_COMPLETE</c>, <c>UPDATE_ROLLBACK_COMPLETE</c>, <c>REVIEW_IN_PROGRESS</c> (see <see cref="CloudFormation.StackStatus"/>).</summary>
    public string? StackStatus { get; set; }

    public string? StackStatusReason { get; set; }

    public string? Description { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreationTime { get; set; }

    /// <summary>UTC; null until the stack is first updated.</summary>
    public DateTime? LastUpdatedTime { get; set; }

    public List<Output> Outputs { get; set; } = [];

    public List<Parameter> Parameters { get; set; } = [];

    public List<Tag> Tags { get; set; } = [];

    public List<string> Capabilities { get; set; } = [];

    public bool? EnableTerminationProtection { get; set; }
}

public sealed class Output
{
    public string? OutputKey { get; set; }

    public string? OutputValue { get; set; }

    public string? Description { get; set; }

    public string? ExportName { get; set; }
}

public sealed class Parameter
{
    public string? ParameterKey { get; set; }

    public string? ParameterValue { get; set; }

    /// <summary>Keep the stack's current value (give no <see cref="ParameterValue"/> then).</summary>
    public bool? UsePreviousValue { get; set; }

    /// <summary>What an SSM parameter type resolved to; only in answers.</summary>
    public string? ResolvedValue { get; set; }
}

public sealed class Tag
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}

public sealed class GetTemplateRequest
{
    public string? StackName { get; set; }

    /// <summary><c>Original</c> (as submitted) or <c>Processed</c> (transforms applied; the default).</summary>
    public string? TemplateStage { get; set; }
}

public sealed class GetTemplateResponse
{
    /// <summary>The template as CloudFormation holds it, JSON or YAML.</summary>
    public string? TemplateBody { get; set; }
}

public sealed class DeleteStackRequest
{
    public string? StackName { get; set; }

    /// <summary>The role CloudFormation assumes to delete the resources; the stack's own role when null.</summary>
    public string? RoleARN { get; set; }

    /// <summary>Marks the stack events this deletion causes, and makes a repeated call with the same token one deletion.</summary>
    public string? ClientRequestToken { get; set; }
}

public sealed class DeleteStackResponse;

public sealed class CancelUpdateStackRequest
{
    public string? StackName { get; set; }

    public string? ClientRequestToken { get; set; }
}

public sealed class CancelUpdateStackResponse;
