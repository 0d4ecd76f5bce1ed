namespace Razors.LocalCloud.DynamoDb;

/// <summary>How to start DynamoDB Local.</summary>
/// <param name="ToolsDirectory">The repository's <c>.tools</c> folder that <c>scripts/install-tools.sh</c> fills.</param>
public sealed record DynamoDbLocalOptions(string ToolsDirectory)
{
    /// <summary>Where the tables live across restarts; null runs in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>How long to wait for the first answer (the jar answers after about 3 s here).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
