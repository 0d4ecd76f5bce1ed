namespace Razors.Aws.SecretsManager;

/// <summary>An error Secrets Manager answered, with its AWS error code.</summary>
public sealed class AmazonSecretsManagerException(string errorCode, string message, int statusCode)
    : Exception(message)
{
    /// <summary>For example <c>ResourceNotFoundException</c>, <c>AccessDeniedException</c>, <c>DecryptionFailure</c>.</summary>
    public string ErrorCode { get; } = errorCode;

    public int StatusCode { get; } = statusCode;

    /// <summary>A <c>ThrottlingException</c>, HTTP 429, or 503 (service unavailable): worth asking again.</summary>
    public bool IsThrottling => ErrorCode == "ThrottlingException" || StatusCode is 429 or 503;
}
