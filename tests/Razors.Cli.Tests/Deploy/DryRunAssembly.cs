namespace Razors.Cli.Tests.Deploy;

/// <summary>
/// <c>razors deploy --all --dry-run</c> run once from the repository root, as a user would from a
/// clean clone: it synthesizes the infra app for real (the Lambda projects are published and
/// bundled) into a folder of its own, which the other deploy tests then deploy with
/// <c>--assembly</c> instead of synthesizing again. Once per test run (an assembly fixture): the
/// synthesis is the slow part. The context sets <c>razors:apiRateLimit</c> to 7, which the
/// templates must then hold.
/// </summary>
public sealed class DryRunAssembly : IAsyncLifetime
{
    // An upper bound for a busy 2-core machine: the app publishes six Lambda projects.
    private static readonly TimeSpan SynthesisTimeout = TimeSpan.FromMinutes(15);

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("razors-deploy-assembly-").FullName;

    public int ExitCode { get; private set; }

    public string Stdout { get; private set; } = "";

    public string Stderr { get; private set; } = "";

    public string RepositoryRoot { get; } = Razors.Topology.RepositoryRoot.Find(AppContext.BaseDirectory);

    public TimeSpan Took { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        (ExitCode, Stdout, Stderr) = await RazorsProcess.RunAsync(
            ["deploy", "--all", "--dry-run", "--output", Directory, "-c", "razors:apiRateLimit=7"],
            RepositoryRoot,
            SynthesisTimeout);
        Took = watch.Elapsed;
    }

    public ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
