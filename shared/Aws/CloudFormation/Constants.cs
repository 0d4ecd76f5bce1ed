using System.Diagnostics.CodeAnalysis;

namespace Razors.Aws.CloudFormation;

/// <summary>The values of <see cref="Stack.StackStatus"/>: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Stack.html</summary>
[SuppressMessage("Naming", "CA1707", Justification = "Named as the AWS SDK's constants, so that package can replace these.")]
public static class StackStatus
{
    public const string CREATE_IN_PROGRESS = nameof(CREATE_IN_PROGRESS);
    public const string CREATE_FAILED = nameof(CREATE_FAILED);
    public const string CREATE_COMPLETE = nameof(CREATE_COMPLETE);
    public const string ROLLBACK_IN_PROGRESS = nameof(ROLLBACK_IN_PROGRESS);
    public const string ROLLBACK_FAILED = nameof(ROLLBACK_FAILED);
    public const string ROLLBACK_COMPLETE = nameof(ROLLBACK_COMPLETE);
    public const string DELETE_IN_PROGRESS = nameof(DELETE_IN_PROGRESS);
    public const string DELETE_FAILED = nameof(DELETE_FAILED);
    public const string DELETE_COMPLETE = nameof(DELETE_COMPLETE);
    public const string UPDATE_IN_PROGRESS = nameof(UPDATE_IN_PROGRESS);
    public const string UPDATE_COMPLETE_CLEANUP_IN_PROGRESS = nameof(UPDATE_COMPLETE_CLEANUP_IN_PROGRESS);
    public const string UPDATE_COMPLETE = nameof(UPDATE_COMPLETE);
    public const string UPDATE_FAILED = nameof(UPDATE_FAILED);
    public const string UPDATE_ROLLBACK_IN_PROGRESS = nameof(UPDATE_ROLLBACK_IN_PROGRESS);
    public const string UPDATE_ROLLBACK_FAILED = nameof(UPDATE_ROLLBACK_FAILED);
    public const string UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS = nameof(UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS);
    public const string UPDATE_ROLLBACK_COMPLETE = nameof(UPDATE_ROLLBACK_COMPLETE);
    public const string REVIEW_IN_PROGRESS = nameof(REVIEW_IN_PROGRESS);
    public const string IMPORT_IN_PROGRESS = nameof(IMPORT_IN_PROGRESS);
    public const string IMPORT_COMPLETE = nameof(IMPORT_COMPLETE);
    public const string IMPORT_ROLLBACK_IN_PROGRESS = nameof(IMPORT_ROLLBACK_IN_PROGRESS);
    public const string IMPORT_ROLLBACK_FAILED = nameof(IMPORT_ROLLBACK_FAILED);
    public const string IMPORT_ROLLBACK_COMPLETE = nameof(IMPORT_ROLLBACK_COMPLETE);
}

/// <summary>The values of <see cref="CreateChangeSetRequest.ChangeSetType"/>.</summary>
[SuppressMessage("Naming", "CA1707", Justification = "Named as the AWS SDK's constants, so that package can replace these.")]
public static class ChangeSetType
{
    public const string CREATE = nameof(CREATE);
    public const string UPDATE = nameof(UPDATE);
    public const string IMPORT = nameof(IMPORT);
}

/// <summary>The values of <see cref="DescribeChangeSetResponse.Status"/>.</summary>
[SuppressMessage("Naming", "CA1707", Justification = "Named as the AWS SDK's constants, so that package can replace these.")]
public static class ChangeSetStatus
{
    public const string CREATE_PENDING = nameof(CREATE_PENDING);
    public const string CREATE_IN_PROGRESS = nameof(CREATE_IN_PROGRESS);
    public const string CREATE_COMPLETE = nameof(CREATE_COMPLETE);
    public const string DELETE_PENDING = nameof(DELETE_PENDING);
    public const string DELETE_IN_PROGRESS = nameof(DELETE_IN_PROGRESS);
    public const string DELETE_COMPLETE = nameof(DELETE_COMPLETE);
    public const string DELETE_FAILED = nameof(DELETE_FAILED);
    public const string FAILED = nameof(FAILED);
}

/// <summary>The values of <see cref="DescribeChangeSetResponse.ExecutionStatus"/>.</summary>
[SuppressMessage("Naming", "CA1707", Justification = "Named as the AWS SDK's constants, so that package can replace these.")]
public static class ExecutionStatus
{
    public const string UNAVAILABLE = nameof(UNAVAILABLE);
    public const string AVAILABLE = nameof(AVAILABLE);
    public const string EXECUTE_IN_PROGRESS = nameof(EXECUTE_IN_PROGRESS);
    public const string EXECUTE_COMPLETE = nameof(EXECUTE_COMPLETE);
    public const string EXECUTE_FAILED = nameof(EXECUTE_FAILED);
    public const string OBSOLETE = nameof(OBSOLETE);
}

/// <summary>The values of <see cref="ResourceChange.Action"/>.</summary>
public static class ChangeAction
{
    public const string Add = nameof(Add);
    public const string Modify = nameof(Modify);
    public const string Remove = nameof(Remove);
    public const string Import = nameof(Import);
    public const string Dynamic = nameof(Dynamic);
}
