namespace Razors.ServiceDefaults;

/// <summary>How a host writes its log lines to the console.</summary>
public enum RazorsConsoleFormat
{
    /// <summary>One JSON object per line with the scopes (the correlation ids): what CloudWatch Logs and log queries read.</summary>
    Json,

    /// <summary>One human line per entry with a short timestamp: for a developer's terminal (the local host).</summary>
    SingleLine,
}
