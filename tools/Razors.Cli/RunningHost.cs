using System.Text.Json;
using Razors.LocalCloud.DynamoDb;
using Razors.LocalHost;

namespace Razors.Cli;

/// <summary>Finds the host that <c>./run.sh</c> started: it writes where it listens to <c>.data/host.json</c>.</summary>
internal static class RunningHost
{
    public static Uri BaseAddress()
    {
        try
        {
            var ready = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), ".data", LocalHost.LocalHost.ReadyFileName);
            if (File.Exists(ready))
            {
                using var state = JsonDocument.Parse(File.ReadAllText(ready));
                return new Uri(state.RootElement.GetProperty("baseAddress").GetString()!);
            }
        }
        catch (Exception e) when (e is IOException or JsonException or DirectoryNotFoundException or KeyNotFoundException)
        {
            // Fall back to the default address; a wrong guess ends in a clear "cannot reach" message.
        }

        return new Uri($"http://127.0.0.1:{LocalHostOptions.DefaultPort}");
    }
}
