namespace Razors.Aws.CloudFormation;

/// <summary>
/// An error CloudFormation answered, with its AWS error code: <c>ValidationError</c> (which also
/// says "Stack with id X does not exist" and "No updates are to be performed."), <c>ChangeSetNotFound</c>,
/// <c>AlreadyExistsException</c>, <c>InsufficientCapabilitiesException</c>, <c>Throttling</c>, …
/// The message is CloudFormation's own.
/// </summary>
public sealed class AmazonCloudFormationException(string errorCode, string message, int statusCode)
    : AwsServiceException(errorCode, message, statusCode);
