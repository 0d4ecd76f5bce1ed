namespace Razors.LocalCloud.Patterns;

/// <summary>An event pattern that EventBridge would refuse; the message gives the reason in AWS's words where known.</summary>
public sealed class InvalidEventPatternException : Exception
{
    public InvalidEventPatternException()
    {
    }

    public InvalidEventPatternException(string message)
        : base(message)
    {
    }

    public InvalidEventPatternException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
