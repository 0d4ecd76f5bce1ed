using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Razors.EndToEnd.Tests;

/// <summary>
/// The local host as a separate process, as <c>./run.sh</c> starts it, so a test can kill it
/// with SIGKILL. Dispose stops it and the DynamoDB Local it started, by PID, even after a kill.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string dataDirectory;
    private readonly StringBuilder output;

    private HostProcess(Process process, string dataDirectory, Uri baseAddress, int dynamoDbProcessId, StringBuilder output)
    {
        this.process = process;
        this.dataDirectory = dataDirectory;
        this.output = output;
        BaseAddress = baseAddress;
        DynamoDbProcessId = dynamoDbProcessId;
    }

    public Uri BaseAddress { get; }

    /// <summary>The DynamoDB Local the host started, as its <c>host.json</c> says.</summary>
    public int DynamoDbProcessId { get; }

    /// <summary>What the host wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>The host's exit code once it has exited by itself, or null if it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> ExitCodeWithinAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public static async Task<HostProcess> StartAsync(string dataDirectory, params string[] extraArguments)
    {
        var ready = Path.Combine(dataDirectory, "host.json");
        File.Delete(ready);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Razors.LocalHost.dll"), "--data", dataDirectory, "--port", "0" }.Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!File.Exists(ready))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                process.Kill(entireProcessTree: true);
                KillDynamoDbLocal(dataDirectory);
                lock (log)
                {
                    throw new InvalidOperationException($"The host did not become ready (exit: {(process.HasExited ? process.ExitCode : "none")}). Output:\n{log}");
                }
            }

            await Task.Delay(100);
        }

        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(ready));
        return new HostProcess(
            process, dataDirectory, new Uri(state.RootElement.GetProperty("baseAddress").GetString()!), state.RootElement.GetProperty("dynamoDbPid").GetInt32(), log);
    }

    /// <summary>SIGKILL: no shutdown code runs, DynamoDB Local is left orphaned as after a crash.</summary>
    public void KillAbruptly()
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        KillDynamoDbLocal(dataDirectory);
    }

    private static void KillDynamoDbLocal(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "dynamodb-local.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        try
        {
            using var java = Process.GetProcessById(pid);
            java.Kill(entireProcessTree: true);
            java.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }
}
