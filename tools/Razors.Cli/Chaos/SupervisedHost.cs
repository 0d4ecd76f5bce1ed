using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Razors.LocalCloud;

namespace Razors.Cli.Chaos;

/// <summary>
/// The local host as a child process that a chaos run kills and starts again: with
/// <c>--chaos FACTOR</c>, a data folder of its own and a free port each time. Dispose stops the
/// host and the DynamoDB Local it started, by PID, whatever state they are in.
/// </summary>
internal sealed class SupervisedHost(string hostAssembly, string dataDirectory, int factor, TextWriter log) : IAsyncDisposable
{
    private readonly string readyFile = Path.Combine(dataDirectory, "host.json");
    private readonly string dynamoDbPidFile = Path.Combine(dataDirectory, "dynamodb-local.pid");
    private readonly Lock logLock = new();
    private Process? process;

    /// <summary>Where the running host listens; changes at every start.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1:1");

    public int Starts { get; private set; }

    public bool IsRunning => process is { HasExited: false };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        File.Delete(readyFile);
        // SIGTERM reaches the host when this process ends, however it ends (SIGKILL included); the
        // host then stops its DynamoDB Local.
        var start = ChildProcess.DyingWithParent("dotnet", "TERM");
        foreach (var argument in new[] { hostAssembly, "--data", dataDirectory, "--port", "0", "--chaos", factor.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var hostLog = Path.Combine(dataDirectory, "host.log");
        var child = new Process { StartInfo = start };
        child.OutputDataReceived += (_, e) => Append(hostLog, e.Data);
        child.ErrorDataReceived += (_, e) => Append(hostLog, e.Data);
        await ChildProcess.StartOnOwnThreadAsync(child, new TaskCompletionSource<int>(), "Razors.LocalHost");
        process = child;
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!File.Exists(readyFile))
        {
            if (child.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"The host did not become ready (exit code: {(child.HasExited ? child.ExitCode : "none")}); its output is in {hostLog}.");
            }

            await Task.Delay(100, cancellationToken);
        }

        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(readyFile, cancellationToken));
        BaseAddress = new Uri(state.RootElement.GetProperty("baseAddress").GetString()!);
        Starts++;
        await log.WriteLineAsync($"  host started at {BaseAddress} (start {Starts})");
    }

    /// <summary>SIGKILL of the host: no shutdown code runs (its DynamoDB Local dies with it, by the parent-death signal).</summary>
    public void KillHost()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill(entireProcessTree: false);
            running.WaitForExit();
        }
    }

    /// <summary>SIGKILL of DynamoDB Local: the host notices and stops by itself (exit code 3).</summary>
    public bool KillDynamoDb()
    {
        if (!File.Exists(dynamoDbPidFile) || !int.TryParse(File.ReadAllText(dynamoDbPidFile), CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        try
        {
            using var java = Process.GetProcessById(pid);
            java.Kill();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Waits for the host to exit by itself, killing it if it has not within <paramref name="timeout"/>; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        if (process is null)
        {
            return 0;
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            KillHost();
        }

        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync();
        }

        process?.Dispose();
        KillDynamoDb();
    }

    private void Append(string file, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (logLock)
        {
            File.AppendAllText(file, line + Environment.NewLine);
        }
    }
}
