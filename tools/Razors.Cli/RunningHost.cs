using System.Text.Json;
using Razors.Topology;

namespace Razors.Cli;

/// <summary>
/// Finds the host that <c>./run.sh</c> started: it writes where it listens to <c>.data/host.json</c>
/// at the repository root (local/Host/LocalHost.cs, WriteReadyFileAsync).
/// </summary>
internal static class RunningHost
{
    /// <summary>The local host's default port (local/Host/LocalHostOptions.cs); the CLI does not reference the host, so it is repeated here.</summary>
    public const int DefaultPort = 5080;

    /// <summary>The data folder (<c>.data</c>) of the repository that holds <paramref name="startDirectory"/>, or null outside one; it may not exist yet.</summary>
    public static string? DataDirectory(string startDirectory) =>
        RepositoryRoot.TryFind(startDirectory) is { } root ? Path.Combine(root, ".data") : null;

    /// <summary>Where the host of the repository that holds the current directory listens.</summary>
    public static Uri BaseAddress() => BaseAddress(Environment.CurrentDirectory);

    /// <summary>
    /// Where the host of the repository that holds <paramref name="startDirectory"/> listens. The
    /// search starts from the working directory, not from the binary: an installed tool lives in
    /// .tools/bin or a NuGet store, outside any repository.
    /// </summary>
    public static Uri BaseAddress(string startDirectory)
    {
        try
        {
            if (RepositoryRoot.TryFind(startDirectory) is { } root)
            {
                var ready = Path.Combine(root, ".data", "host.json");
                if (File.Exists(ready))
                {
                    using var state = JsonDocument.Parse(File.ReadAllText(ready));
                    return new Uri(state.RootElement.GetProperty("baseAddress").GetString()!);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or UriFormatException)
        {
            // Fall back to the default address; a wrong guess ends in a clear "cannot reach" message.
        }

        return new Uri($"http://127.0.0.1:{DefaultPort}");
    }
}
