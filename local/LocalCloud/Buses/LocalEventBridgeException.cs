namespace Razors.LocalCloud.Buses;

/// <summary>
/// An EventBridge API error with its AWS error code (<c>ValidationException</c>,
/// <c>ResourceNotFoundException</c>, <c>ResourceAlreadyExistsException</c>, <c>InvalidEventPatternException</c>).
/// </summary>
public sealed class LocalEventBridgeException(string errorCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
}
