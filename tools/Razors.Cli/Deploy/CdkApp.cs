using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Razors.LocalCloud;

namespace Razors.Cli.Deploy;

/// <summary>
/// Runs the <c>app</c> command of <c>cdk.json</c> the way the CDK CLI does
/// (https://github.com/aws/aws-cdk-cli/blob/main/packages/aws-cdk/lib/cxapp/exec.ts): through the
/// shell, in the repository root, with the assembly directory in <c>CDK_OUTDIR</c> and the context
/// as a JSON object in <c>CDK_CONTEXT_JSON</c>.
/// </summary>
internal static class CdkApp
{
    /// <summary>Lines of the app's output a failure repeats in its message.</summary>
    private const int TailLines = 20;

    // The context the CDK CLI adds by default (contextFromSettings in aws-cdk-cli's
    // toolkit-lib/lib/api/cloud-assembly/environment.ts): templates then carry the same construct
    // paths, asset metadata and CDKMetadata resource as those `cdk deploy` wrote, so switching
    // between the two does not show up as a change.
    private static readonly (string Key, JsonNode Value)[] CliDefaults =
    [
        ("aws:cdk:enable-path-metadata", true),
        ("aws:cdk:enable-asset-metadata", true),
        ("aws:cdk:version-reporting", true),
        ("aws:cdk:bundling-stacks", new JsonArray("**")),
    ];

    /// <summary>Runs the app; <paramref name="searchPath"/> is where node is looked for (default: PATH).</summary>
    public static async Task RunAsync(SynthesisRequest request, TextWriter log, CancellationToken ct, string? searchPath = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        var root = Path.GetFullPath(request.RepositoryRoot);
        var config = ReadConfig(Path.Combine(root, "cdk.json"));
        if (FindOnPath("node", searchPath ?? System.Environment.GetEnvironmentVariable("PATH")) is null)
        {
            throw new CloudAssemblyException("synthesis needs Node.js (the jsii runtime) on PATH: the C# CDK app runs the CDK library in node, and there is no `node` in PATH.");
        }

        var outdir = Path.GetFullPath(request.OutputDirectory);
        Directory.CreateDirectory(outdir);
        // A manifest left from an earlier run must not pass for this run's.
        File.Delete(Path.Combine(outdir, "manifest.json"));

        var (shell, shellSwitch) = OperatingSystem.IsWindows() ? ("cmd.exe", "/c") : ("/bin/sh", "-c");
        var start = ChildProcess.DyingWithParent(shell, "KILL");
        start.ArgumentList.Add(shellSwitch);
        start.ArgumentList.Add(config.App);
        start.WorkingDirectory = root;
        start.Environment["CDK_OUTDIR"] = outdir;
        start.Environment["CDK_CONTEXT_JSON"] = ContextJson(config.Context, request.Context);
        if (request.Account is not null)
        {
            start.Environment["CDK_DEFAULT_ACCOUNT"] = request.Account;
        }

        if (request.Region is not null)
        {
            start.Environment["CDK_DEFAULT_REGION"] = request.Region;
        }

        using var process = new Process { StartInfo = start };
        var tail = new Queue<string>();
        var gate = new Lock();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                log.WriteLine(line);
                tail.Enqueue(line);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await ChildProcess.StartOnOwnThreadAsync(process, exited, "cdk-app");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        int exitCode;
        try
        {
            exitCode = await exited.Task.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // The shell, `dotnet run`, the app and its node: the whole tree this started.
            process.Kill(entireProcessTree: true);
            await exited.Task.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            throw;
        }

        // Exited fires before the last redirected lines are read; this waits for the streams' ends.
        await process.WaitForExitAsync(CancellationToken.None);
        if (exitCode != 0)
        {
            string last;
            lock (gate)
            {
                last = string.Join(System.Environment.NewLine, tail);
            }

            throw new CloudAssemblyException(
                $"The CDK app `{config.App}` (cdk.json, in {root}) exited with code {exitCode}.{(last.Length == 0 ? " It wrote nothing." : $" Its last lines:{System.Environment.NewLine}{last}")}");
        }

        if (!File.Exists(Path.Combine(outdir, "manifest.json")))
        {
            throw new CloudAssemblyException($"The CDK app `{config.App}` (cdk.json, in {root}) exited with code 0 but wrote no manifest.json to {outdir}: does it call app.Synth()?");
        }
    }

    /// <summary>The first <paramref name="program"/> in the directories of <paramref name="path"/> that is a file (on Windows with .exe or .cmd), or null.</summary>
    public static string? FindOnPath(string program, string? path)
    {
        string[] names = OperatingSystem.IsWindows() ? [program + ".exe", program + ".cmd"] : [program];
        return (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => names.Select(name => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The context as the app reads it: the CLI's defaults, then cdk.json's <c>context</c>, then the request's (strings).</summary>
    internal static string ContextJson(JsonObject? fromConfig, IReadOnlyDictionary<string, string> fromRequest)
    {
        var context = new JsonObject();
        foreach (var (key, value) in CliDefaults)
        {
            context[key] = value.DeepClone();
        }

        foreach (var (key, value) in fromConfig ?? [])
        {
            context[key] = value?.DeepClone();
        }

        foreach (var (key, value) in fromRequest)
        {
            context[key] = value;
        }

        return context.ToJsonString();
    }

    private static (string App, JsonObject? Context) ReadConfig(string file)
    {
        if (!File.Exists(file))
        {
            throw new CloudAssemblyException($"{file} does not exist: it names the CDK app to synthesize.");
        }

        JsonNode? config;
        try
        {
            config = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            throw new CloudAssemblyException($"{file} is not valid JSON: {e.Message}", e);
        }

        var app = config?["app"] switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) && text.Trim().Length > 0 => text,
            // The CDK CLI joins an array with spaces, unquoted (exec.ts).
            JsonArray parts when parts.Count > 0 => string.Join(' ', parts.Select(p => p?.ToString())),
            _ => throw new CloudAssemblyException($"{file} has no \"app\": the command that runs the CDK app."),
        };
        return (app, config?["context"] as JsonObject);
    }
}
