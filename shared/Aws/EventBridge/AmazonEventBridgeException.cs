namespace Razors.Aws.EventBridge;

/// <summary>An error EventBridge answered, with its AWS error code.</summary>
public sealed class AmazonEventBridgeException(string errorCode, string message, int statusCode)
    : AwsServiceException(errorCode, $"{errorCode}: {message}", statusCode);
