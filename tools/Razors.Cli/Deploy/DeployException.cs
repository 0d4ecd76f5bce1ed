namespace Razors.Cli.Deploy;

/// <summary>A deploy, diff, destroy or bootstrap that cannot go on: the message says what is wrong and what to do; the command prints it and exits 1.</summary>
internal sealed class DeployException(string message) : Exception(message);
