namespace Razors.Cli.Deploy;

internal sealed class DeployException(string message) : Exception(message);
