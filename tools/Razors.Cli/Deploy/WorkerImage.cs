using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Razors.Aws.Ecr;
using Razors.LocalCloud;

namespace Razors.Cli.Deploy;

/// <summary>What <see cref="WorkerImage.PushAsync"/> pushes, and where: the image goes to <c>Account</c>'s registry in <c>Region</c>.</summary>
internal sealed record WorkerImageRequest(string RepositoryRoot, string Account, string Region, string Tag, IAmazonECR Ecr);

/// <summary>
/// Builds the payments worker's image and pushes it to its ECR repository with the .NET SDK
/// (<c>dotnet publish -t:PublishContainer</c>): no Docker, no AWS CLI. The registry credentials are
/// an ECR authorization token, handed to the SDK in its environment only.
/// </summary>
/// <param name="dotnet">The <c>dotnet</c> program to run.</param>
internal sealed partial class WorkerImage(string dotnet = "dotnet")
{
    /// <summary>The repository <c>infra/Razors.Infra/PaymentsPlatform.cs</c> runs the worker from.</summary>
    public const string Repository = "razors-payments-worker";

    public const string Project = "services/payments/Razors.Payments.Worker";

    // The SDK reads these for the push only; the plain DOTNET_CONTAINER_REGISTRY_* pair is also offered
    // to the base image's registry (mcr.microsoft.com), see "Authentication via environment variables"
    // in https://github.com/dotnet/sdk-container-builds/blob/main/docs/RegistryAuthentication.md.
    public const string UserVariable = "DOTNET_CONTAINER_PUSH_REGISTRY_UNAME";
    public const string PasswordVariable = "DOTNET_CONTAINER_PUSH_REGISTRY_PWORD";

    private static readonly string[] OtherRegistryCredentials =
        ["DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD", "SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD"];

    private readonly Lock logLock = new();

    /// <summary>
    /// Ensures the repository exists (creating it with scan on push, immutable tags and AES256
    /// encryption), publishes the image with an ECR token, streams the SDK's output to <paramref name="log"/>
    /// and returns the image's URI. Cancelling kills the publish and its child processes.
    /// </summary>
    /// <exception cref="DeployException">A bad request, an unusable token, or a publish that failed.</exception>
    public async Task<string> PushAsync(WorkerImageRequest request, TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        Validate(request);
        var registry = $"{request.Account}.dkr.ecr.{request.Region}.amazonaws.com";
        var image = $"{registry}/{Repository}:{request.Tag}";

        WarnWithoutCaBundle(request.RepositoryRoot, log);
        await EnsureRepositoryAsync(request, log, ct);
        var (user, password) = await LoginAsync(request.Ecr, log, ct);

        await log.WriteLineAsync($"worker image: dotnet {string.Join(' ', PublishArguments(registry, request.Tag))} (registry credentials in the environment)");
        var exitCode = await PublishAsync(request, registry, user, password, log, ct);
        if (exitCode != 0)
        {
            throw new DeployException(
                $"dotnet publish of the payments worker exited with code {exitCode}; its output is above. "
                + $"If the registry refused tag '{request.Tag}' as one it holds already (a repository razors created keeps its tags immutable), push a new tag.");
        }

        await log.WriteLineAsync($"worker image: pushed {image}");
        return image;
    }

    private static void Validate(WorkerImageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.Ecr);
        // The rule of infra/Razors.Infra/InfraSettings.cs (razors:workerImageTag), so a pushed tag can also be deployed.
        if (request.Tag is null || !ImageTag().IsMatch(request.Tag))
        {
            throw new DeployException($"The worker image tag must be a container image tag ([A-Za-z0-9_][A-Za-z0-9._-]{{0,127}}), got '{request.Tag}'.");
        }

        if (request.Account is null || !AccountId().IsMatch(request.Account))
        {
            throw new DeployException($"The account to push the worker image to must be a 12-digit AWS account id, got '{request.Account}'.");
        }

        if (request.Region is null || !RegionName().IsMatch(request.Region))
        {
            throw new DeployException($"The region to push the worker image to must be an AWS region name such as eu-west-1, got '{request.Region}'.");
        }

        if (string.IsNullOrEmpty(request.RepositoryRoot) || !Directory.Exists(Path.Combine(request.RepositoryRoot, Project)))
        {
            throw new DeployException($"'{request.RepositoryRoot}' is not a Razors repository: it has no {Project}.");
        }
    }

    // As `cdk synth` warns (infra/Razors.Infra/PaymentsPlatform.cs, WarnWithoutCaBundle): the worker
    // trusts only the bundle scripts/fetch-rds-ca-bundle.sh puts beside it, and the image carries what is there.
    private static void WarnWithoutCaBundle(string repositoryRoot, TextWriter log)
    {
        var bundle = $"{Project}/rds-global-bundle.pem";
        if (!File.Exists(Path.Combine(repositoryRoot, bundle)))
        {
            log.WriteLine($"warning: {bundle} is missing: the worker will not connect to DocumentDB. Run scripts/fetch-rds-ca-bundle.sh before pushing the image.");
        }
    }

    private static async Task EnsureRepositoryAsync(WorkerImageRequest request, TextWriter log, CancellationToken ct)
    {
        try
        {
            var found = await request.Ecr.DescribeRepositoriesAsync(
                new DescribeRepositoriesRequest { RegistryId = request.Account, RepositoryNames = [Repository] }, ct);
            var existing = found.Repositories.FirstOrDefault(r => r.RepositoryName == Repository);
            await log.WriteLineAsync($"worker image: ECR repository {Repository} exists ({existing?.RepositoryUri ?? "no URI answered"}).");
            return;
        }
        catch (RepositoryNotFoundException)
        {
            // Created below.
        }
        catch (AmazonECRException e)
        {
            throw new DeployException(e.Message);
        }

        try
        {
            var created = await request.Ecr.CreateRepositoryAsync(new CreateRepositoryRequest
            {
                RegistryId = request.Account,
                RepositoryName = Repository,
                ImageScanningConfiguration = new ImageScanningConfiguration { ScanOnPush = true },
                ImageTagMutability = ImageTagMutability.IMMUTABLE,
                EncryptionConfiguration = new EncryptionConfiguration { EncryptionType = EncryptionType.AES256 },
            }, ct);
            await log.WriteLineAsync(
                $"worker image: created ECR repository {Repository} ({created.Repository?.RepositoryUri ?? "no URI answered"}): scan on push, IMMUTABLE tags, AES256 encryption.");
        }
        catch (RepositoryAlreadyExistsException)
        {
            // Created by someone else since DescribeRepositories answered.
            await log.WriteLineAsync($"worker image: ECR repository {Repository} exists.");
        }
        catch (AmazonECRException e)
        {
            throw new DeployException(e.Message);
        }
    }

    private static async Task<(string User, string Password)> LoginAsync(IAmazonECR ecr, TextWriter log, CancellationToken ct)
    {
        GetAuthorizationTokenResponse response;
        try
        {
            response = await ecr.GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest(), ct);
        }
        catch (AmazonECRException e)
        {
            throw new DeployException(e.Message);
        }

        var data = response.AuthorizationData.FirstOrDefault(d => !string.IsNullOrEmpty(d.AuthorizationToken))
            ?? throw new DeployException("ECR answered GetAuthorizationToken without an authorization token.");
        // base64("AWS:<password>"): https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_AuthorizationData.html
        // The token is never quoted: it is the registry password.
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(data.AuthorizationToken!));
        }
        catch (FormatException)
        {
            throw new DeployException("ECR answered an authorization token that is not base64.");
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == decoded.Length - 1)
        {
            throw new DeployException("ECR answered an authorization token that is not user:password.");
        }

        var expires = data.ExpiresAt is { } at ? $", valid until {at:u}" : "";
        await log.WriteLineAsync($"worker image: ECR authorization token for {data.ProxyEndpoint ?? "the caller's registry"}{expires}.");
        return (decoded[..colon], decoded[(colon + 1)..]);
    }

    private static List<string> PublishArguments(string registry, string tag) =>
    [
        "publish", Project, "-c", "Release", "-t:PublishContainer",
        $"-p:ContainerRegistry={registry}",
        $"-p:ContainerRepository={Repository}",
        $"-p:ContainerImageTag={tag}",
        // The task runs on X86_64 Linux (infra/Razors.Infra/PaymentsPlatform.cs, RuntimePlatform),
        // whatever machine builds the image.
        "-p:ContainerRuntimeIdentifier=linux-x64",
    ];

    private async Task<int> PublishAsync(WorkerImageRequest request, string registry, string user, string password, TextWriter log, CancellationToken ct)
    {
        var startInfo = ChildProcess.DyingWithParent(dotnet, "TERM");
        startInfo.WorkingDirectory = request.RepositoryRoot;
        foreach (var argument in PublishArguments(registry, request.Tag))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var variable in OtherRegistryCredentials)
        {
            startInfo.Environment.Remove(variable);
        }

        startInfo.Environment[UserVariable] = user;
        startInfo.Environment[PasswordVariable] = password;
        // MSBuild's reused nodes would outlive the publish holding its output open.
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Write(log, e.Data, password);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data, password);
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await ChildProcess.StartOnOwnThreadAsync(process, exited, "dotnet publish (worker image)");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DeployException($"Could not start '{dotnet}' to publish the worker image: {e.Message}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        int exitCode;
        using (ct.Register(() => Kill(process)))
        {
            exitCode = await exited.Task;
        }

        // The exit can be seen before the last lines are read; wait for them, but not for ever.
        using (var drained = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await process.WaitForExitAsync(drained.Token);
            }
            catch (OperationCanceledException)
            {
                // A process that inherited the output still holds it open.
            }
        }

        ct.ThrowIfCancellationRequested();
        return exitCode;
    }

    private void Write(TextWriter log, string? line, string password)
    {
        if (line is null)
        {
            return;
        }

        lock (logLock)
        {
            log.WriteLine(line.Replace(password, "***", StringComparison.Ordinal));
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited already.
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex ImageTag();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionName();
}
