using System.Globalization;
using Amazon.Runtime;
using Razors.Aws;
using Razors.Topology;

namespace Razors.Cli.Deploy;

/// <summary>
/// One <c>razors deploy|diff|destroy|bootstrap</c>: synthesizes the infra app, picks the stacks in
/// dependency order and hands each to a <see cref="StackDeployer"/>. Every error ends here as one
/// line on standard error and exit code 1 (130 after Ctrl-C).
/// </summary>
internal sealed class DeployRun(
    string? profile,
    string? region,
    Uri? endpointUrl,
    IReadOnlyDictionary<string, string> context,
    string? outputDirectory,
    string? assemblyDirectory,
    DeployOptions options,
    DeployConsole console,
    TextWriter error,
    Interruption interruption)
{
    public async Task<int> InvokeAsync(Func<DeployRun, Task<int>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            return await step(this);
        }
        catch (OperationCanceledException) when (interruption.Requested.IsCancellationRequested)
        {
            await console.LineAsync();
            await error.WriteLineAsync("razors: interrupted.");
            return 130;
        }
        catch (Exception e) when (Message(e) is { } message)
        {
            await console.LineAsync();
            await error.WriteLineAsync($"razors: {message}");
            return 1;
        }
    }

    /// <summary>Synthesizes and prints, per stack in deploy order, what a deploy would publish and submit; calls nothing in AWS.</summary>
    public async Task<int> DryRunAsync(StackSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var assembly = await SynthesizeAsync(context, account: null, region);
        var stacks = Select(assembly, selection);
        await console.LineAsync($"Dry run: {stacks.Count} stack{(stacks.Count == 1 ? "" : "s")} in deploy order, from the assembly in {assembly.Directory}. Nothing is called in AWS.");
        var listed = new HashSet<(string Bucket, string Key)>();
        for (var i = 0; i < stacks.Count; i++)
        {
            var stack = stacks[i];
            var template = TemplateSummary.Read(stack.TemplateFile);
            await console.LineAsync();
            await console.LineAsync(console.Bold($"{i + 1}/{stacks.Count} {stack.StackName}") + $"  (after: {(stack.DependsOn.Count == 0 ? "none" : string.Join(", ", stack.DependsOn))})");
            await console.LineAsync($"  environment: {stack.Account ?? "the caller's account"} / {stack.Region ?? region ?? "the caller's region"}");
            var files = stack.Assets?.Files ?? [];
            var fresh = files.Where(f => f.Destinations.Any(d => listed.Add((d.BucketName, d.ObjectKey)))).ToList();
            await console.LineAsync($"  assets to publish: {fresh.Count}{(files.Count > fresh.Count ? $" ({files.Count - fresh.Count} more already published for a stack above)" : "")}");
            foreach (var asset in fresh)
            {
                foreach (var destination in asset.Destinations)
                {
                    await console.LineAsync(
                        $"    {Describe(asset)} → s3://{destination.BucketName}/{destination.ObjectKey}{(destination.AssumeRoleArn is null ? "" : $" as {destination.AssumeRoleArn}")}");
                }
            }

            await console.LineAsync(
                $"  template: {template.Path} ({Size(template.Bytes)}, {template.ResourceCount} resources)"
                + (stack.StackTemplateAssetObjectUrl is { } url ? $", submitted as {url}" : ", submitted inline"));
            foreach (var (type, count) in template.ResourceTypes)
            {
                await console.LineAsync($"    {count,4} {type}");
            }

            var required = template.Parameters.Values.Where(p => !p.HasDefault).Select(p => p.Name).ToList();
            if (required.Count > 0)
            {
                await console.LineAsync($"  parameters needed on the first deploy: {string.Join(", ", required)} (--parameter KEY=VALUE)");
            }

            if (stack.CloudFormationExecutionRoleArn is { } role)
            {
                await console.LineAsync($"  deployed by: {stack.AssumeRoleArn ?? "the caller"}, executed as {role}");
            }
        }

        return 0;
    }

    public async Task<int> DeployAsync(StackSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        using var session = AwsSession.Create(profile, region, endpointUrl, error);
        var environment = await EnvironmentAsync(session);
        var assembly = await SynthesizeAsync(context, environment.Account, environment.Region);
        var stacks = Select(assembly, selection);
        var deployer = new StackDeployer(session, environment, new AssetPublisher(session.S3(), console.Output), console, options);
        await console.LineAsync($"Deploying {stacks.Count} stack{(stacks.Count == 1 ? "" : "s")} to {environment.Account}/{environment.Region}: {string.Join(", ", stacks.Select(s => s.StackName))}");
        foreach (var stack in stacks)
        {
            await console.LineAsync();
            await console.LineAsync(console.Bold(stack.StackName));
            if (!await deployer.DeployAsync(stack, interruption))
            {
                var rest = stacks.SkipWhile(s => s != stack).Skip(1).Select(s => s.StackName).ToList();
                await error.WriteLineAsync($"razors: {stack.StackName} was not deployed{(rest.Count == 0 ? "" : $"; nor are the stacks after it: {string.Join(", ", rest)}")}.");
                return 1;
            }
        }

        return 0;
    }

    public async Task<int> DiffAsync(StackSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        using var session = AwsSession.Create(profile, region, endpointUrl, error);
        var environment = await EnvironmentAsync(session);
        var assembly = await SynthesizeAsync(context, environment.Account, environment.Region);
        var deployer = new StackDeployer(session, environment, new AssetPublisher(session.S3(), console.Output), console, options);
        foreach (var stack in Select(assembly, selection))
        {
            await console.LineAsync();
            await console.LineAsync(console.Bold(stack.StackName));
            await deployer.DiffAsync(stack, interruption.Requested);
        }

        return 0;
    }

    public async Task<int> DestroyAsync(StackSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        using var session = AwsSession.Create(profile, region, endpointUrl, error);
        var environment = await EnvironmentAsync(session);
        var assembly = await SynthesizeAsync(context, environment.Account, environment.Region);
        var deployer = new StackDeployer(session, environment, new AssetPublisher(session.S3(), console.Output), console, options);
        foreach (var stack in Enumerable.Reverse(Select(assembly, selection)))
        {
            await console.LineAsync();
            await console.LineAsync(console.Bold(stack.StackName));
            if (!await deployer.DestroyAsync(stack, interruption))
            {
                return 1;
            }
        }

        return 0;
    }

    /// <summary>Deploys the bootstrap stack the infra app synthesizes with <c>razors:bootstrap=true</c>, with the caller's own credentials.</summary>
    public async Task<int> BootstrapAsync()
    {
        using var session = AwsSession.Create(profile, region, endpointUrl, error);
        var environment = await EnvironmentAsync(session);
        var bootstrapContext = new Dictionary<string, string>(context, StringComparer.Ordinal) { [DeployCommands.BootstrapContextKey] = "true" };
        var assembly = await SynthesizeAsync(bootstrapContext, environment.Account, environment.Region, "bootstrap");
        var stack = assembly.Stacks.Count == 1
            ? assembly.Stacks[0]
            : throw new DeployException($"The infra app with {DeployCommands.BootstrapContextKey}=true synthesized {assembly.Stacks.Count} stacks; the bootstrap is one (infra/Razors.Infra/BootstrapStack.cs).");
        // The bootstrap is deployed with the caller's own credentials: the roles the manifest names
        // (BootstraplessSynthesizer still writes the standard ones) are what it creates.
        stack = stack with { AssumeRoleArn = null, CloudFormationExecutionRoleArn = null, RequiresBootstrapStackVersion = null, BootstrapStackVersionSsmParameter = null };
        await RefuseCustomerKeyBootstrapAsync(session, stack.StackName);
        await console.LineAsync($"Bootstrapping {environment.Account}/{environment.Region}: stack {console.Bold(stack.StackName)}");
        var deployer = new StackDeployer(session, environment, new AssetPublisher(session.S3(), console.Output), console, options);
        return await deployer.DeployAsync(stack, interruption) ? 0 : 1;
    }

    /// <summary>Builds the payments worker's image and pushes it to ECR in the caller's account and region.</summary>
    public async Task<int> WorkerImageAsync(string tag)
    {
        using var session = AwsSession.Create(profile, region, endpointUrl, error);
        var environment = await EnvironmentAsync(session);
        var root = RepositoryRoot.TryFind(Environment.CurrentDirectory)
            ?? throw new DeployException("Not in a Razors repository: run from the repository, whose services/payments/Razors.Payments.Worker is built.");
        var image = await new WorkerImage().PushAsync(new WorkerImageRequest(root, environment.Account, environment.Region, tag, session.Ecr()), console.Output, interruption.Requested);
        await console.LineAsync($"Pushed {image}. Deploy it with: razors deploy RazorsPayments -c razors:workerImageTag={tag}");
        return 0;
    }

    /// <summary>
    /// A bootstrap stack that <c>cdk bootstrap --bootstrap-customer-key</c> made encrypts the assets
    /// bucket with a key of its own; updating it to this template (the AWS-managed key) would delete
    /// that key and leave what it encrypted unreadable (ADR 9), so it is refused.
    /// </summary>
    private async Task RefuseCustomerKeyBootstrapAsync(AwsSession session, string stackName)
    {
        var cloudFormation = session.CloudFormation(session.Credentials);
        Razors.Aws.CloudFormation.Stack? existing;
        try
        {
            existing = (await cloudFormation.DescribeStacksAsync(new Razors.Aws.CloudFormation.DescribeStacksRequest { StackName = stackName }, interruption.Requested)).Stacks.FirstOrDefault();
        }
        catch (Razors.Aws.CloudFormation.AmazonCloudFormationException e) when (e.ErrorCode == "ValidationError" && e.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            return;
        }

        var parameters = existing?.Parameters.ToDictionary(p => p.ParameterKey ?? "", p => p.ParameterValue ?? "", StringComparer.Ordinal) ?? [];
        if (parameters.GetValueOrDefault("CreateCustomerMasterKey") == "true"
            || parameters.GetValueOrDefault("FileAssetsBucketKmsKeyId") is { Length: > 0 } key && key != "AWS_MANAGED_KEY")
        {
            throw new DeployException(
                $"{stackName} in this account and region encrypts its assets bucket with a customer key (made by `cdk bootstrap --bootstrap-customer-key` or --bootstrap-kms-key-id). "
                + "razors bootstrap uses the AWS-managed key and would remove that key; keep bootstrapping it with the CDK CLI (docs/adr/0009-bootstrap-without-the-cdk-cli.md).");
        }
    }

    private static string Describe(FileAsset asset) =>
        asset.Packaging == FileAssetPackaging.ZipDirectory
            ? $"{asset.Id[..Math.Min(12, asset.Id.Length)]} directory {asset.SourcePath} ({Size(DirectorySize(asset.SourcePath))}, zipped)"
            : $"{asset.Id[..Math.Min(12, asset.Id.Length)]} file {asset.SourcePath} ({Size(File.Exists(asset.SourcePath) ? new FileInfo(asset.SourcePath).Length : 0)})";

    private static long DirectorySize(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    private static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):0.0} MiB"),
        >= 1 << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 10):0.0} KiB"),
        _ => $"{bytes} B",
    };

    /// <summary>The selected stacks in deploy order; image assets are refused before anything happens.</summary>
    private static List<StackArtifact> Select(CloudAssembly assembly, StackSelection selection)
    {
        var stacks = assembly.InDeployOrder(selection.All ? assembly.Stacks.Select(s => s.Id) : selection.Names).ToList();
        var images = stacks.Where(s => s.Assets?.DockerImageIds.Count > 0).ToList();
        if (images.Count > 0)
        {
            throw new DeployException(
                $"{string.Join(", ", images.Select(s => $"{s.StackName} has container image assets ({string.Join(", ", s.Assets!.DockerImageIds)})"))}. "
                + "razors deploy publishes file assets only; Razors builds its one image, the payments worker, with "
                + "`dotnet publish services/payments/Razors.Payments.Worker -t:PublishContainer` (README.md, Deploy to AWS).");
        }

        return stacks;
    }

    private static string? Message(Exception e) => e switch
    {
        DeployException or CloudAssemblyException or AssetPublishException => e.Message,
        AwsServiceException aws => $"AWS refused: {aws.ErrorCode}: {aws.Message}",
        AmazonServiceException aws => $"AWS refused: {aws.ErrorCode}: {aws.Message}",
        AmazonClientException client => $"cannot call AWS: {client.Message} (see --region, --profile, AWS_REGION, AWS_PROFILE).",
        HttpRequestException http => $"cannot reach AWS: {http.Message}",
        _ => null,
    };

    private async Task<ResolvedEnvironment> EnvironmentAsync(AwsSession session)
    {
        var account = await session.AccountAsync(interruption.Requested);
        return new ResolvedEnvironment(account, session.Region.SystemName, session.Partition);
    }

    private async Task<CloudAssembly> SynthesizeAsync(IReadOnlyDictionary<string, string> values, string? account, string? regionName, string? subdirectory = null)
    {
        if (assemblyDirectory is not null)
        {
            if (subdirectory is not null)
            {
                throw new DeployException("--assembly cannot be used with bootstrap: its stack comes from synthesizing the app with razors:bootstrap=true.");
            }

            await console.LineAsync($"Using the cloud assembly in {assemblyDirectory} (not synthesized again; -c values do not apply).");
            return CloudAssembly.Read(assemblyDirectory);
        }

        var root = RepositoryRoot.TryFind(Environment.CurrentDirectory)
            ?? throw new DeployException("Not in a Razors repository (no cdk.json above the current folder): run from the repository, or give --app-root.");
        var output = outputDirectory ?? Path.Combine(root, "cdk.out");
        if (subdirectory is not null)
        {
            output = Path.Combine(output, subdirectory);
        }

        await console.LineAsync($"Synthesizing {Path.Combine(root, "infra", "Razors.Infra")} into {output} …");
        return await CloudAssembly.SynthesizeAsync(new SynthesisRequest(root, output, values, account, regionName), error, interruption.Requested);
    }
}
