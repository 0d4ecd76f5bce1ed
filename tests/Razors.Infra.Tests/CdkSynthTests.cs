using System.Diagnostics;
using Razors.Topology;

namespace Razors.Infra.Tests;

/// <summary>
/// <c>cdk synth</c> run by the CDK CLI from the repository root through cdk.json, offline, with real
/// bundling (<c>dotnet publish</c> of each Lambda project).
/// </summary>
public sealed class cdk_synth_from_the_repository_root : IDisposable
{
    // A guard against a hung CLI, not a speed target: on a busy 2-core machine the three
    // dotnet publish runs of the bundling alone took over 150 s (before the customers project made four).
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);
    private readonly string _outdir = Directory.CreateTempSubdirectory("razors-cdk-synth-").FullName;

    public void Dispose() => Directory.Delete(_outdir, recursive: true);

    [Fact]
    public async Task writes_every_service_template_and_lambda_assets_holding_the_handler_assemblies()
    {
        var root = RepositoryRoot.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        var cdk = Path.Combine(root, ".tools", "node_modules", ".bin", "cdk");
        Assert.True(File.Exists(cdk), $"The CDK CLI is not installed at {cdk}: run scripts/install-tools.sh.");

        var (exitCode, output) = await Run(cdk, root, ["synth", "--quiet", "--no-notices", "-o", _outdir], TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, $"cdk synth exited with {exitCode}:\n{output}");
        foreach (var spec in RazorsApp.Services)
        {
            var path = Path.Combine(_outdir, $"{spec.StackName}.template.json");
            Assert.True(File.Exists(path), $"{spec.StackName}.template.json was not written:\n{output}");
            var template = StackTemplate.Parse(spec.StackName, spec.Service, await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
            // CDK's bucket notifications handler has its code inline, not in an asset.
            var functions = template.ServiceFunctions;
            Assert.NotEmpty(functions);
            foreach (var (_, function) in functions)
            {
                var handler = function["Handler"]!.GetValue<string>();
                var assembly = handler[..handler.IndexOf("::", StringComparison.Ordinal)];
                var key = function["Code"]!["S3Key"]!.GetValue<string>();
                var asset = Path.Combine(_outdir, $"asset.{Path.GetFileNameWithoutExtension(key)}");
                Assert.True(File.Exists(Path.Combine(asset, $"{assembly}.dll")), $"{spec.StackName}: asset {asset} lacks {assembly}.dll");
                Assert.True(File.Exists(Path.Combine(asset, $"{assembly}.runtimeconfig.json")), $"{spec.StackName}: asset {asset} lacks the runtimeconfig Lambda's .NET runtime needs");
                Assert.False(Directory.Exists(Path.Combine(asset, "obj")), $"{asset} holds build intermediates");
            }
        }

        Assert.Equal(
            Topology().Functions.Select(f => f.Code!.Project).Distinct().Count(),
            Directory.GetDirectories(_outdir, "asset.*").Length);
    }

    private static TopologyDefinition Topology() => RazorsTopology.Build();

    private static async Task<(int ExitCode, string Output)> Run(string file, string directory, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Offline: no instance metadata lookups for credentials, no telemetry, no version check.
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["CDK_DISABLE_CLI_TELEMETRY"] = "true";
        start.Environment["CDK_DISABLE_VERSION_CHECK"] = "true";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The CLI, dotnet run and the app it started: stop the whole tree this test began.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"cdk synth did not finish within {Limit.TotalSeconds} s.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
