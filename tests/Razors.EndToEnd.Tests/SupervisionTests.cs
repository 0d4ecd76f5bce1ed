using System.Diagnostics;

using Razors.Testing;

namespace Razors.EndToEnd.Tests;

/// <summary>
/// The host and its DynamoDB Local live and die together (local/LocalCloud/DynamoDb/DynamoDbLocal.cs,
/// local/Host/LocalHost.cs): DynamoDB Local runs under PR_SET_PDEATHSIG, and the host stops,
/// saying why, when DynamoDB Local dies, rather than answer every write with an error.
/// </summary>
public sealed class when_the_host_or_its_dynamodb_local_dies : IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("razors-supervision-").FullName;

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);


    private static async Task<bool> GoneWithinAsync(int processId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Processes.IsRunning(processId))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    [Fact]
    public async Task killing_the_host_with_sigkill_takes_dynamodb_local_with_it()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && File.Exists("/usr/bin/setpriv"), "PR_SET_PDEATHSIG needs Linux and util-linux's setpriv.");
        await using var host = await HostProcess.StartAsync(dataDirectory);
        Assert.True(Processes.IsRunning(host.DynamoDbProcessId));

        host.KillAbruptly();

        Assert.True(await GoneWithinAsync(host.DynamoDbProcessId, TimeSpan.FromSeconds(20)), $"DynamoDB Local (pid {host.DynamoDbProcessId}) outlived its host.");
    }

    [Fact]
    public async Task when_dynamodb_local_dies_the_host_stops_with_a_clear_message_and_a_non_zero_exit()
    {
        await using var host = await HostProcess.StartAsync(dataDirectory);
        using (var java = Process.GetProcessById(host.DynamoDbProcessId))
        {
            java.Kill();
        }

        var exitCode = await host.ExitCodeWithinAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, exitCode);
        Assert.Contains($"DynamoDB Local (pid {host.DynamoDbProcessId}) exited", host.Output, StringComparison.Ordinal);
    }
}
