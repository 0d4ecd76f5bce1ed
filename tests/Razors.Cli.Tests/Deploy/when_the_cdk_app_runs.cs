using System.Diagnostics;
using System.Text.Json.Nodes;
using Razors.Cli.Deploy;

namespace Razors.Cli.Tests.Deploy;

/// <summary>
/// Synthesis with small shell apps in a temporary repository root (its own cdk.json): what the app
/// is given, and what a failing, silent or cancelled app leads to.
/// </summary>
public sealed class when_the_cdk_app_runs : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("razors-cdk-app-");
    private readonly StringWriter log = new();

    public when_the_cdk_app_runs()
    {
        // What every app here writes: a one-stack assembly.
        File.WriteAllText(Path.Combine(root.FullName, "manifest.src"), """
            {"version":"38.0.0","artifacts":{"Only":{"type":"aws:cloudformation:stack","environment":"aws://unknown-account/unknown-region","properties":{"templateFile":"Only.template.json"}}}}
            """);
    }

    private string Outdir => Path.Combine(root.FullName, "out");

    private const string WriteAssembly = """cp manifest.src "$CDK_OUTDIR/manifest.json" && echo '{}' > "$CDK_OUTDIR/Only.template.json" """;

    public void Dispose()
    {
        root.Delete(recursive: true);
        log.Dispose();
    }

    private void App(string command, string? context = null)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The apps here are /bin/sh command lines.");
        File.WriteAllText(Path.Combine(root.FullName, "cdk.json"), new JsonObject
        {
            ["app"] = command,
            ["context"] = context is null ? null : JsonNode.Parse(context),
        }.ToJsonString());
    }

    private Task<CloudAssembly> SynthesizeAsync(Dictionary<string, string>? context = null, string? account = null, string? region = null, CancellationToken? ct = null) =>
        CloudAssembly.SynthesizeAsync(new SynthesisRequest(root.FullName, Outdir, context ?? [], account, region), log, ct ?? TestContext.Current.CancellationToken);

    [Fact]
    public async Task the_app_gets_the_outdir_the_context_as_strings_over_cdk_json_and_the_default_environment()
    {
        App(
            $"""printf '%s' "$CDK_CONTEXT_JSON" > context.json && printf '%s %s %s' "$CDK_DEFAULT_ACCOUNT" "$CDK_DEFAULT_REGION" "$PWD" > env.txt && echo synthesizing && {WriteAssembly}""",
            """{"razors:alarmEmail": "ops@example.com", "razors:apiRateLimit": 50}""");

        var assembly = await SynthesizeAsync(new() { ["razors:apiRateLimit"] = "7", ["razors:relayConcurrency"] = "true" }, "111122223333", "eu-west-1");

        Assert.Equal("Only", Assert.Single(assembly.Stacks).Id);
        Assert.Equal(Outdir, assembly.Directory);
        var context = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root.FullName, "context.json"), TestContext.Current.CancellationToken))!;
        Assert.Equal("7", context["razors:apiRateLimit"]!.GetValue<string>());
        Assert.Equal("true", context["razors:relayConcurrency"]!.GetValue<string>());
        Assert.Equal("ops@example.com", context["razors:alarmEmail"]!.GetValue<string>());
        Assert.Equal(["**"], context["aws:cdk:bundling-stacks"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal($"111122223333 eu-west-1 {root.FullName}", await File.ReadAllTextAsync(Path.Combine(root.FullName, "env.txt"), TestContext.Current.CancellationToken));
        Assert.Contains("synthesizing", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_failing_app_is_reported_with_its_command_its_exit_code_and_its_last_lines()
    {
        App("echo building; echo 'Context razors:apiRateLimit must be a number' >&2; exit 3");

        var error = await Assert.ThrowsAsync<CloudAssemblyException>(() => SynthesizeAsync());

        Assert.StartsWith("The CDK app `echo building; echo 'Context razors:apiRateLimit must be a number' >&2; exit 3` (cdk.json, in ", error.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("Context razors:apiRateLimit must be a number", error.Message, StringComparison.Ordinal);
        Assert.Contains("building", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("Context razors:apiRateLimit must be a number", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_app_that_writes_no_manifest_fails_even_where_an_earlier_run_left_one()
    {
        App(WriteAssembly);
        await SynthesizeAsync();
        App("true");

        var error = await Assert.ThrowsAsync<CloudAssemblyException>(() => SynthesizeAsync());

        Assert.Contains($"exited with code 0 but wrote no manifest.json to {Outdir}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_missing_cdk_json_is_named()
    {
        var error = await Assert.ThrowsAsync<CloudAssemblyException>(() => SynthesizeAsync());

        Assert.Equal($"{Path.Combine(root.FullName, "cdk.json")} does not exist: it names the CDK app to synthesize.", error.Message);
    }

    [Fact]
    public async Task cancelling_stops_the_app_and_what_it_started()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Whether a process runs is read from /proc.");
        App("sleep 300 & echo $! > sleep.pid; wait");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var pidFile = Path.Combine(root.FullName, "sleep.pid");

        var synthesis = SynthesizeAsync(ct: cancel.Token);
        var pid = await PidAsync(pidFile, synthesis);
        var stopwatch = Stopwatch.StartNew();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => synthesis);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"cancelling took {stopwatch.Elapsed}");
        Assert.False(IsRunning(pid), $"the app's child process {pid} still runs");
    }

    [Fact]
    public void node_is_looked_for_in_the_directories_of_path()
    {
        var bin = root.CreateSubdirectory("bin");
        var empty = root.CreateSubdirectory("empty");
        File.WriteAllText(Path.Combine(bin.FullName, "node"), "");

        Assert.Null(CdkApp.FindOnPath("node", empty.FullName));
        Assert.Null(CdkApp.FindOnPath("node", null));
        Assert.Equal(Path.Combine(bin.FullName, "node"), CdkApp.FindOnPath("node", $"{empty.FullName}{Path.PathSeparator}{bin.FullName}"));
    }

    [Fact]
    public async Task without_node_on_path_synthesis_says_it_needs_node_and_runs_nothing()
    {
        App($"touch ran && {WriteAssembly}");
        var empty = root.CreateSubdirectory("no-node");

        var error = await Assert.ThrowsAsync<CloudAssemblyException>(() =>
            CdkApp.RunAsync(new SynthesisRequest(root.FullName, Outdir, new Dictionary<string, string>(), null, null), log, TestContext.Current.CancellationToken, searchPath: empty.FullName));

        Assert.StartsWith("synthesis needs Node.js (the jsii runtime) on PATH", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(root.FullName, "ran")));
    }

    private static async Task<int> PidAsync(string pidFile, Task synthesis)
    {
        // An upper bound for a busy machine; the shell writes the file at once.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !synthesis.IsCompleted)
        {
            if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
            {
                return pid;
            }

            await Task.Delay(50);
        }

        await synthesis;
        throw new TimeoutException($"The app wrote no {pidFile}.");
    }

    /// <summary>Whether the process runs (a zombie that nobody reaped does not: in a container nothing may reap it).</summary>
    private static bool IsRunning(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var stat = $"/proc/{pid}/stat";
            var running = File.Exists(stat) && File.ReadAllText(stat).Split(") ")[^1].FirstOrDefault() is not ('Z' or 'X');
            if (!running || DateTime.UtcNow > deadline)
            {
                return running;
            }

            Thread.Sleep(100);
        }
    }
}
