namespace Razors.Aws;

/// <summary>An error an AWS service answered, with its AWS error code (the base of each client's own exception type).</summary>
public abstract class AwsServiceException(string errorCode, string message, int statusCode) : Exception(message)
{
    /// <summary>For example <c>ThrottlingException</c>, <c>ValidationException</c>, <c>AccessDeniedException</c>.</summary>
    public string ErrorCode { get; } = errorCode;

    public int StatusCode { get; } = statusCode;

    /// <summary>
    /// The call was refused before the service did anything, so it can be sent again: a
    /// <c>ThrottlingException</c> (the JSON services), <c>Throttling</c> (CloudFormation's code, with
    /// HTTP 400), HTTP 429, or 503 (service unavailable).
    /// </summary>
    public bool IsThrottling => ErrorCode is "ThrottlingException" or "Throttling" || StatusCode is 429 or 503;
}
