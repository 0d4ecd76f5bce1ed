using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Razors.Payments.Tests.Mongo;
using Razors.Testing;

namespace Razors.Payments.Tests.Worker;

/// <summary>
/// The worker's own process, started as ECS starts it (settings in environment variables), with
/// Secrets Manager on a local listener and a DocumentDB address nothing answers on, then sent SIGTERM.
/// </summary>
public sealed class when_ecs_stops_the_worker_task : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("razors-worker-");
    private readonly StubHttpServer secretsManager = new();
    private readonly ConcurrentQueue<string> output = new();

    [Fact]
    public async Task sigterm_ends_it_cleanly_while_it_waits_for_the_cluster()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM is a POSIX signal.");
        var ct = TestContext.Current.CancellationToken;
        secretsManager.ResponseBody = $$"""
            {"ARN":"arn","Name":"n","SecretString":"{\"username\":\"razors\",\"password\":\"hunter2\",\"host\":\"127.0.0.1\",\"port\":{{ClosedPort()}}}"}
            """;
        using var root = TestCertificates.Authority("Test RDS Root");
        using var worker = Start(TestCertificates.WriteBundle(directory.FullName, root));
        try
        {
            await Eventually.TrueAsync(() => Logged("Relaying the payments outbox") || worker.HasExited, Generous, "the worker to start relaying", ct);
            Assert.False(worker.HasExited, string.Join('\n', output));

            using (var kill = Process.Start("kill", ["-TERM", worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(ct);
            }

            var stopwatch = Stopwatch.StartNew();
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                deadline.CancelAfter(Generous);
                await worker.WaitForExitAsync(deadline.Token);
            }

            Assert.Equal(0, worker.ExitCode);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopwatch.Elapsed}");
            Assert.True(Logged("Stopped relaying the payments outbox"), string.Join('\n', output));
            Assert.All(output, line => Assert.StartsWith("{", line, StringComparison.Ordinal));
            Assert.DoesNotContain(output, line => line.Contains("hunter2", StringComparison.Ordinal));
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", Assert.Single(secretsManager.Requests).Headers["Authorization"], StringComparison.Ordinal);
        }
        finally
        {
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
            }
        }
    }

    public void Dispose()
    {
        secretsManager.Dispose();
        directory.Delete(recursive: true);
    }

    private Process Start(string bundle)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Razors.Payments.Worker.dll")])
        {
            WorkingDirectory = directory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var inherited in new[] { "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["Payments__OutboxQueueUrl"] = "http://127.0.0.1:1/000000000000/razors-payments-outbox.fifo";
        start.Environment["Payments__OutboxDeadLetterQueueUrl"] = "http://127.0.0.1:1/000000000000/razors-payments-outbox-dlq.fifo";
        start.Environment["Payments__DocumentDb__SecretArn"] = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:razors-payments-docdb";
        start.Environment["Payments__DocumentDb__Database"] = "payments";
        start.Environment["Payments__DocumentDb__CaBundleFile"] = bundle;
        start.Environment["AWS_REGION"] = "eu-west-1";
        start.Environment["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = secretsManager.Url.ToString();
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "secret";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Record(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            output.Enqueue(line);
        }
    }

    private bool Logged(string text) => output.Any(line => line.Contains(text, StringComparison.Ordinal));

    private static int ClosedPort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
