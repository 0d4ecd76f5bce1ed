using System.Net;
using Razors.Aws.Ecr;
using Razors.Cli.Deploy;
using Razors.Testing;

namespace Razors.Cli.Tests.Deploy;

// The ECR API is a real HTTP listener answering as the AWS API reference documents; `dotnet` is a
// shell script that records what it was started with. The push itself (the SDK talking to the
// registry) is not exercised here.

public sealed class when_the_worker_image_is_pushed : IDisposable
{
    private const string Account = "123456789012";
    private const string Region = "eu-west-1";
    private const string Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private const string Password = "secret-password";
    private const string Target = "AmazonEC2ContainerRegistry_V20150921.";

    // "QVdTOnNlY3JldC1wYXNzd29yZA==" is base64 of "AWS:secret-password".
    private const string EncodedToken = "QVdTOnNlY3JldC1wYXNzd29yZA==";
    private const string TokenAnswer = $$"""
        {"authorizationData":[{"authorizationToken":"{{EncodedToken}}","expiresAt":1.796684430E9,"proxyEndpoint":"https://{{Registry}}"}]}
        """;

    private const string RepositoryAnswer = $$"""
        {"repositoryName":"razors-payments-worker","registryId":"{{Account}}","repositoryUri":"{{Registry}}/razors-payments-worker"}
        """;

    private const string NotFoundAnswer = """{"__type":"RepositoryNotFoundException","message":"The repository with name 'razors-payments-worker' does not exist"}""";

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("razors-worker-image-");
    private readonly StubHttpServer server = new() { ResponseContentType = "application/x-amz-json-1.1" };
    private readonly HttpClient http = new();
    private readonly AmazonECRClient ecr;
    private readonly StringWriter log = new();

    public when_the_worker_image_is_pushed()
    {
        ecr = new AmazonECRClient(http, server.Url);
        Directory.CreateDirectory(Path.Combine(Root, WorkerImage.Project));
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string Root => Path.Combine(folder.FullName, "repo");

    private string Recorded(string name) => Path.Combine(folder.FullName, name);

    private string[] Targets => [.. server.Requests.Select(r => r.Headers["X-Amz-Target"].Replace(Target, "", StringComparison.Ordinal))];

    [Fact]
    public async Task a_missing_repository_is_created_scanning_on_push_with_immutable_tags_and_aes256_and_the_log_says_so()
    {
        server.NextResponses.Enqueue((HttpStatusCode.BadRequest, NotFoundAnswer));
        server.NextResponses.Enqueue((HttpStatusCode.OK, $$"""{"repository":{{RepositoryAnswer}}}"""));
        server.NextResponses.Enqueue((HttpStatusCode.OK, TokenAnswer));

        await new WorkerImage(FakeDotnet(exitCode: 0)).PushAsync(Request("c0ffee1"), log, Cancel);

        Assert.Equal(["DescribeRepositories", "CreateRepository", "GetAuthorizationToken"], Targets);
        var requests = server.Requests.ToArray();
        Assert.Equal("""{"registryId":"123456789012","repositoryNames":["razors-payments-worker"]}""", requests[0].Body);
        Assert.Equal(
            """{"registryId":"123456789012","repositoryName":"razors-payments-worker","imageTagMutability":"IMMUTABLE","imageScanningConfiguration":{"scanOnPush":true},"encryptionConfiguration":{"encryptionType":"AES256"}}""",
            requests[1].Body);
        Assert.Contains($"created ECR repository razors-payments-worker ({Registry}/razors-payments-worker): scan on push, IMMUTABLE tags, AES256 encryption.", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_existing_repository_is_used_as_it_is()
    {
        server.NextResponses.Enqueue((HttpStatusCode.OK, $$"""{"repositories":[{{RepositoryAnswer}}]}"""));
        server.NextResponses.Enqueue((HttpStatusCode.OK, TokenAnswer));

        await new WorkerImage(FakeDotnet(exitCode: 0)).PushAsync(Request("c0ffee1"), log, Cancel);

        Assert.Equal(["DescribeRepositories", "GetAuthorizationToken"], Targets);
        Assert.Contains($"ECR repository razors-payments-worker exists ({Registry}/razors-payments-worker).", log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("created", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_worker_is_published_as_a_container_to_the_accounts_registry_from_the_repository_root_and_its_uri_returned()
    {
        AnswerExistingRepository();

        var image = await new WorkerImage(FakeDotnet(exitCode: 0)).PushAsync(Request("c0ffee1"), log, Cancel);

        Assert.Equal($"{Registry}/razors-payments-worker:c0ffee1", image);
        Assert.Equal(
            [
                "publish", "services/payments/Razors.Payments.Worker", "-c", "Release", "-t:PublishContainer",
                $"-p:ContainerRegistry={Registry}", "-p:ContainerRepository=razors-payments-worker", "-p:ContainerImageTag=c0ffee1",
                "-p:ContainerRuntimeIdentifier=linux-x64",
            ],
            await File.ReadAllLinesAsync(Recorded("args"), Cancel));
        Assert.Equal(Path.GetFullPath(Root), (await File.ReadAllTextAsync(Recorded("cwd"), Cancel)).Trim());
        Assert.Contains($"worker image: pushed {Registry}/razors-payments-worker:c0ffee1", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_tokens_user_and_password_are_only_in_the_environment_never_in_the_arguments_or_the_log()
    {
        AnswerExistingRepository();

        await new WorkerImage(FakeDotnet(exitCode: 0)).PushAsync(Request("c0ffee1"), log, Cancel);

        var environment = await File.ReadAllLinesAsync(Recorded("env"), Cancel);
        Assert.Contains($"{WorkerImage.UserVariable}=AWS", environment);
        Assert.Contains($"{WorkerImage.PasswordVariable}={Password}", environment);
        Assert.DoesNotContain(Password, await File.ReadAllTextAsync(Recorded("args"), Cancel), StringComparison.Ordinal);
        var written = log.ToString();
        Assert.DoesNotContain(Password, written, StringComparison.Ordinal);
        Assert.DoesNotContain(EncodedToken, written, StringComparison.Ordinal);
        // The fake prints the password it was given: the streamed line arrives masked.
        Assert.Contains("registry password: ***", written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_publish_output_and_errors_are_streamed_to_the_log()
    {
        AnswerExistingRepository();

        await new WorkerImage(FakeDotnet(exitCode: 0)).PushAsync(Request("c0ffee1"), log, Cancel);

        Assert.Contains("fake: Pushed image 'razors-payments-worker:c0ffee1'", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("fake: a line on stderr", log.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    [InlineData("a/b")]
    public async Task a_tag_that_is_not_an_image_tag_is_refused_before_anything_is_called(string tag)
    {
        var error = await Assert.ThrowsAsync<DeployException>(
            () => new WorkerImage(FakeDotnet(exitCode: 0)).PushAsync(Request(tag), log, Cancel));

        Assert.Equal($"The worker image tag must be a container image tag ([A-Za-z0-9_][A-Za-z0-9._-]{{0,127}}), got '{tag}'.", error.Message);
        Assert.Empty(server.Requests);
        Assert.False(File.Exists(Recorded("args")));
    }

    [Fact]
    public async Task a_tag_longer_than_128_characters_is_refused()
    {
        var error = await Assert.ThrowsAsync<DeployException>(
            () => new WorkerImage(FakeDotnet(exitCode: 0)).PushAsync(Request(new string('a', 129)), log, Cancel));

        Assert.StartsWith("The worker image tag must be a container image tag", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task a_publish_that_fails_is_a_deploy_exception_with_its_exit_code()
    {
        AnswerExistingRepository();

        var error = await Assert.ThrowsAsync<DeployException>(
            () => new WorkerImage(FakeDotnet(exitCode: 3)).PushAsync(Request("c0ffee1"), log, Cancel));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("fake: a line on stderr", log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pushed", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_ecr_refusal_is_a_deploy_exception_naming_the_permission_and_nothing_is_published()
    {
        server.NextResponses.Enqueue((HttpStatusCode.OK, $$"""{"repositories":[{{RepositoryAnswer}}]}"""));
        server.NextResponses.Enqueue((HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","message":"not authorized"}"""));

        var error = await Assert.ThrowsAsync<DeployException>(
            () => new WorkerImage(FakeDotnet(exitCode: 0)).PushAsync(Request("c0ffee1"), log, Cancel));

        Assert.Contains("ecr:GetAuthorizationToken", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Recorded("args")));
    }

    [Fact]
    public async Task without_the_rds_ca_bundle_the_log_warns_as_cdk_synth_does_and_the_push_goes_on()
    {
        AnswerExistingRepository();

        await new WorkerImage(FakeDotnet(exitCode: 0)).PushAsync(Request("c0ffee1"), log, Cancel);

        Assert.Contains(
            "warning: services/payments/Razors.Payments.Worker/rds-global-bundle.pem is missing: the worker will not connect to DocumentDB. Run scripts/fetch-rds-ca-bundle.sh",
            log.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Recorded("args")));
    }

    [Fact]
    public async Task with_the_rds_ca_bundle_there_is_no_warning()
    {
        AnswerExistingRepository();
        await File.WriteAllTextAsync(Path.Combine(Root, WorkerImage.Project, "rds-global-bundle.pem"), "-----BEGIN CERTIFICATE-----", Cancel);

        await new WorkerImage(FakeDotnet(exitCode: 0)).PushAsync(Request("c0ffee1"), log, Cancel);

        Assert.DoesNotContain("warning:", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task cancelling_kills_the_publish_and_its_child_processes()
    {
        AnswerExistingRepository();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        var push = new WorkerImage(FakeDotnet(exitCode: 0, hang: true)).PushAsync(Request("c0ffee1"), log, cancel.Token);
        await Eventually.TrueAsync(() => File.Exists(Recorded("pids")) && File.ReadAllLines(Recorded("pids")).Length == 2,
            TimeSpan.FromSeconds(30), "the fake publish and its child to start", Cancel);
        var pids = (await File.ReadAllLinesAsync(Recorded("pids"), Cancel)).Select(int.Parse).ToArray();
        Assert.All(pids, pid => Assert.True(Processes.IsRunning(pid)));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => push);
        await Eventually.TrueAsync(() => pids.All(pid => !Processes.IsRunning(pid)), TimeSpan.FromSeconds(10), "the publish and its child to end", Cancel);
    }

    public void Dispose()
    {
        if (File.Exists(Recorded("pids")))
        {
            foreach (var pid in File.ReadAllLines(Recorded("pids")).Select(int.Parse).Where(Processes.IsRunning))
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
        }

        ecr.Dispose();
        http.Dispose();
        server.Dispose();
        log.Dispose();
        folder.Delete(recursive: true);
    }

    private WorkerImageRequest Request(string tag) => new(Root, Account, Region, tag, ecr);

    private void AnswerExistingRepository()
    {
        server.NextResponses.Enqueue((HttpStatusCode.OK, $$"""{"repositories":[{{RepositoryAnswer}}]}"""));
        server.NextResponses.Enqueue((HttpStatusCode.OK, TokenAnswer));
    }

    /// <summary>
    /// A <c>dotnet</c> that writes its arguments, working directory and environment beside itself, prints
    /// to both streams (once the password it was given) and exits with <paramref name="exitCode"/>;
    /// with <paramref name="hang"/> it records its own and a child's process id and waits on the child.
    /// </summary>
    private string FakeDotnet(int exitCode, bool hang = false)
    {
        var dir = folder.FullName;
        var hangs = hang ? $"sleep 300 &\necho $$ > '{dir}/pids.tmp'\necho $! >> '{dir}/pids.tmp'\nmv '{dir}/pids.tmp' '{dir}/pids'\nwait\n" : "";
        var script = $"""
            #!/bin/sh
            printf '%s\n' "$@" > '{dir}/args'
            pwd > '{dir}/cwd'
            env > '{dir}/env'
            echo "fake: registry password: $DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"
            echo "fake: a line on stderr" >&2
            {hangs}echo "fake: Pushed image 'razors-payments-worker:c0ffee1'"
            exit {exitCode}

            """;
        var path = Path.Combine(dir, "dotnet");
        File.WriteAllText(path, script.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("The fake dotnet is a POSIX shell script.");
        }
        else
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
