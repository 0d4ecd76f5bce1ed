namespace Razors.Aws.EventBridge;

/// <summary>An error EventBridge answered, with its AWS error code.</summary>
public sealed class AmazonEventBridgeException(string errorCode, string message, int statusCode)
    : Exception($"{errorCode}: {message}")
{
    /// <summary>For example <c>ThrottlingException</c>, <c>ValidationException</c>, <c>AccessDeniedException</c>.</summary>
    public string ErrorCode { get; } = errorCode;
    public int StatusCode { get; } = statusCode;

    /// <summary>
    /// The call was refused before any entry was accepted, so it can be sent again: a
    /// <c>ThrottlingException</c>, HTTP 429, or 503 (service unavailable).
    /// </summary>
    public bool IsThrottling => ErrorCode == "ThrottlingException" || StatusCode is 429 or 503;
}
