using Razors.Topology;

namespace Razors.Cli.Chaos;

/// <summary>Finds the host to supervise, gives it a data folder of its own and runs <see cref="ChaosRun"/>.</summary>
internal static class ChaosCommand
{
    private static readonly string DefaultHost = Path.Combine("local", "Host", "bin", "Release", "net10.0", "Razors.LocalHost.dll");

    public static async Task<int> RunAsync(ChaosSettings settings, FileInfo? hostAssembly, CancellationToken cancellationToken)
    {
        var assembly = hostAssembly?.FullName
            ?? (RepositoryRoot.TryFind(Environment.CurrentDirectory) is { } root ? Path.Combine(root, DefaultHost) : null);
        if (assembly is null || !File.Exists(assembly))
        {
            await Console.Error.WriteLineAsync(assembly is null
                ? "razors chaos: run it from inside the repository, or name the host with --host PATH/Razors.LocalHost.dll."
                : $"razors chaos: there is no host at '{assembly}': build it first (dotnet build local/Host -c Release) or name it with --host.");
            return 2;
        }

        var data = Directory.CreateTempSubdirectory("razors-chaos-");
        int result;
        try
        {
            await using var host = new SupervisedHost(assembly, data.FullName, settings.Factor, Console.Out);
            using var run = new ChaosRun(settings, host, Console.Out);
            result = await run.RunAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"razors chaos: {e.Message}");
            result = 2;
        }

        if (result == 0)
        {
            data.Delete(recursive: true);
        }
        else
        {
            await Console.Error.WriteLineAsync($"razors chaos: the host's data and log are kept in {data.FullName}");
        }

        return result;
    }
}
