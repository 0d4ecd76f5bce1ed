using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Razors.Topology;
using Xunit;

namespace Razors.Testing;

/// <summary>
/// One fauxqs (a local SQS-compatible endpoint, npm <c>fauxqs</c> in <c>.tools</c>) per test
/// assembly, run with the machine's Node on a free port. Register it with
/// <c>[assembly: AssemblyFixture(typeof(FauxqsFixture))]</c>. Tests create their own uniquely
/// named queues (<see cref="CreateQueueAsync"/>), so they never see each other's messages.
/// </summary>
/// <remarks>
/// No silent skip: when Node or the package is missing, every test that uses the fixture fails
/// with the message saying what to install.
/// </remarks>
public sealed class FauxqsFixture : IAsyncLifetime
{
    private const string InstallHint = "run scripts/install-tools.sh";
    private const int MaxOutputChars = 8_000;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly StringBuilder output = new();
    private Process? process;
    private AmazonSQSClient? client;

    public IAmazonSQS Client => client ?? throw new InvalidOperationException("The fixture is not initialized.");

    public Uri ServiceUrl { get; private set; } = null!;

    public int ProcessId { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var cli = Path.Combine(RepositoryRoot.ToolsDirectory(AppContext.BaseDirectory), "node_modules", "fauxqs", "dist", "cli.js");
        if (!File.Exists(cli))
        {
            throw new FileNotFoundException($"fauxqs is not installed: no '{cli}'; {InstallHint}.");
        }

        // A port picked here can be taken before node binds it; try a few.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync(cli, FreeLoopbackPort(), TestContext.Current.CancellationToken);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && Snapshot().Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                lock (output)
                {
                    output.Clear();
                }
            }
        }
    }

    /// <summary>A client for <paramref name="serviceUrl"/> with dummy credentials (fauxqs checks no signature).</summary>
    public static AmazonSQSClient CreateClient(Uri serviceUrl) => new(
        new BasicAWSCredentials("local", "local"),
        new AmazonSQSConfig { ServiceURL = serviceUrl.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    /// <summary>Creates a queue named <paramref name="name"/> with a unique suffix (before <c>.fifo</c>); returns its URL and name.</summary>
    public async Task<(string Url, string Name)> CreateQueueAsync(string name, Dictionary<string, string>? attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var fifo = name.EndsWith(".fifo", StringComparison.Ordinal);
        var unique = $"{(fifo ? name[..^".fifo".Length] : name)}-{Guid.NewGuid():N}{(fifo ? ".fifo" : "")}";
        var queueAttributes = new Dictionary<string, string>(attributes ?? [], StringComparer.Ordinal);
        if (fifo)
        {
            queueAttributes[QueueAttributeName.FifoQueue] = "true";
        }

        var created = await Client.CreateQueueAsync(new CreateQueueRequest { QueueName = unique, Attributes = queueAttributes }, cancellationToken);
        return (created.QueueUrl, unique);
    }

    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        await StopAsync();
    }

    private async Task StartAsync(string cli, int port, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.GetDirectoryName(cli)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(cli);
        startInfo.Environment["FAUXQS_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        startInfo.Environment["FAUXQS_LOGGER"] = "false";

        var started = new Process { StartInfo = startInfo };
        started.OutputDataReceived += (_, e) => Append(e.Data);
        started.ErrorDataReceived += (_, e) => Append(e.Data);
        try
        {
            started.Start();
        }
        catch (Win32Exception e)
        {
            started.Dispose();
            throw new InvalidOperationException($"Cannot start 'node' ({e.Message}); fauxqs needs Node.js 20+ on PATH, then {InstallHint}.", e);
        }

        process = started;
        ProcessId = started.Id;
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        ServiceUrl = new Uri($"http://127.0.0.1:{port}/");
        try
        {
            await WaitUntilReadyAsync(started, cancellationToken);
        }
        catch
        {
            await StopAsync();
            throw;
        }

        client = CreateClient(ServiceUrl);
    }

    private async Task WaitUntilReadyAsync(Process started, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (started.HasExited)
            {
                throw new InvalidOperationException($"fauxqs exited with code {started.ExitCode} before answering:{Environment.NewLine}{Snapshot()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(ServiceUrl, "health"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException(
                    $"fauxqs (pid {started.Id}) did not answer on {ServiceUrl} within {StartTimeout.TotalSeconds:0} s:{Environment.NewLine}{Snapshot()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
        finally
        {
            process.Dispose();
            process = null;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < MaxOutputChars)
            {
                output.AppendLine(line);
            }
        }
    }

    private string Snapshot()
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
