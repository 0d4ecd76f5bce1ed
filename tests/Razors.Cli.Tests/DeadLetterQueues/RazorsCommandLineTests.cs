using Razors.Testing;

namespace Razors.Cli.Tests.DeadLetterQueues;

/// <summary>The <c>razors</c> executable itself, run as a process: options, credentials from the environment, exit codes.</summary>
public sealed class when_razors_dlq_runs_with_aws_against_an_sqs_endpoint(FauxqsFixture sqs)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // fauxqs keeps queues per signing region; the fixture's client signs for us-east-1.
    private string[] Aws => ["--aws", "--endpoint-url", sqs.ServiceUrl.ToString(), "--region", "us-east-1"];

    [Fact]
    public async Task list_prints_every_topology_dead_letter_queue_and_exits_zero()
    {
        var (exitCode, stdout, stderr) = await RunAsync(["dlq", "list", .. Aws]);

        Assert.Equal(0, exitCode);
        Assert.Empty(stderr);
        Assert.All(
            new DeadLetterQueueCatalog(Topology.RazorsTopology.Build()).All,
            queue => Assert.Contains(stdout.Split('\n'), line => line.StartsWith(queue.Name + " ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task an_unknown_queue_exits_non_zero_naming_it()
    {
        var (exitCode, _, stderr) = await RunAsync(["dlq", "show", "razors-nope", .. Aws]);

        Assert.Equal(1, exitCode);
        Assert.Contains("'razors-nope' is not a dead-letter queue of Razors; use one of: razors-customers-events-dlq, razors-customers-import-rows-dlq", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_sqs_error_is_one_line_with_its_code_and_a_non_zero_exit()
    {
        // fauxqs has no message move tasks: an endpoint that refuses the call, as AWS does for a missing permission.
        await sqs.Client.CreateQueueAsync("razors-stock-inbound-dlq", Token);

        var (exitCode, _, stderr) = await RunAsync(["dlq", "redrive", "razors-stock-inbound-dlq", .. Aws]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("razors: AWS SQS refused: ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("--region", "eu-west-1", "--region applies only with --aws.")]
    [InlineData("--endpoint-url", "http://127.0.0.1:1", "--endpoint-url applies only with --aws.")]
    public async Task an_aws_option_without_aws_is_refused(string option, string value, string message)
    {
        var (exitCode, _, stderr) = await RunAsync(["dlq", "list", option, value]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_endpoint_that_is_not_a_url_is_refused_naming_it()
    {
        var (exitCode, _, stderr) = await RunAsync(["dlq", "list", "--aws", "--endpoint-url", "fauxqs"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--endpoint-url 'fauxqs' is not an http(s) URL", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task without_aws_a_given_url_reaches_the_local_hosts_admin_api()
    {
        // Regression: System.CommandLine 2.0.0 has no Uri converter, so any --url used to crash the command.
        using var host = new StubHttpServer
        {
            ResponseContentType = "application/json",
            ResponseBody = """[{"name":"razors-stock-inbound-dlq","deadLetterQueue":true,"visible":2,"inFlight":1,"delayed":0},{"name":"razors-stock-inbound","deadLetterQueue":false,"visible":5,"inFlight":0,"delayed":0}]""",
        };

        var (exitCode, stdout, stderr) = await RunAsync(["dlq", "list", "--url", host.Url.ToString()]);

        Assert.Equal(0, exitCode);
        Assert.Empty(stderr);
        Assert.Equal("/admin/queues", Assert.Single(host.Requests).Path);
        Assert.Matches(@"(?m)^razors-stock-inbound-dlq +3$", stdout);
        Assert.DoesNotContain("razors-stock-inbound ", stdout, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] arguments) => RazorsProcess.RunAsync(arguments);
}
