using System.Diagnostics;
using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.JSII.Runtime.Deputy;

namespace Razors.Infra;

/// <summary>
/// Bundles a Lambda project with <c>dotnet publish</c> on this machine (CDK local bundling), so
/// synthesis needs the .NET SDK but never Docker.
/// </summary>
public sealed class DotnetPublishBundling(string projectPath) : DeputyBase, ILocalBundling
{
    public bool TryBundle(string outputDir, IBundlingOptions options)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", projectPath, "-c", "Release", "-o", outputDir, "--nologo", "-v", "quiet" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start 'dotnet publish'.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'dotnet publish {projectPath}' failed with exit code {process.ExitCode}:{System.Environment.NewLine}{output}{error.Result}");
        }

        return true;
    }

    /// <summary>
    /// The asset of a Lambda project: its folder (without build output), bundled by publishing it.
    /// The hash is taken from the published output, so a change in a referenced project (the
    /// service, shared code) changes the asset even though it lies outside the folder.
    /// </summary>
    public static AssetCode Code(string repositoryRoot, string project)
    {
        var projectPath = Path.GetFullPath(Path.Combine(repositoryRoot, project));
        if (!File.Exists(projectPath))
        {
            throw new FileNotFoundException($"Lambda project '{project}' (from the topology) not found under '{repositoryRoot}'.", projectPath);
        }

        return Amazon.CDK.AWS.Lambda.Code.FromAsset(Path.GetDirectoryName(projectPath)!, new Amazon.CDK.AWS.S3.Assets.AssetOptions
        {
            Exclude = ["bin", "obj"],
            AssetHashType = AssetHashType.OUTPUT,
            Bundling = new BundlingOptions
            {
                // Required by the type, never pulled: TryBundle either publishes or throws.
                Image = DockerImage.FromRegistry("dotnet-publish-runs-locally"),
                Local = new DotnetPublishBundling(projectPath),
            },
        });
    }
}
