namespace Razors.Aws.SecretsManager;

/// <summary>An error Secrets Manager answered, with its AWS error code (<c>ResourceNotFoundException</c>, <c>DecryptionFailure</c>, …).</summary>
public sealed class AmazonSecretsManagerException(string errorCode, string message, int statusCode)
    : AwsServiceException(errorCode, message, statusCode);
