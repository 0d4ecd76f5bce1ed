using Razors.Testing;

namespace Razors.Cli.Tests.RunningHosts;

/// <summary>
/// An installed <c>razors</c> lives outside the repository (.tools/bin), so it finds the host from
/// the current folder: the nearest folder holding Razors.sln, then its <c>.data/host.json</c>.
/// </summary>
public sealed class when_razors_runs_in_a_subfolder_of_a_repository : IDisposable
{
    private readonly DirectoryInfo repository = Directory.CreateTempSubdirectory("razors-cli-repo-");

    public when_razors_runs_in_a_subfolder_of_a_repository()
    {
        File.WriteAllText(Path.Combine(repository.FullName, "Razors.sln"), "");
        Subfolder = Directory.CreateDirectory(Path.Combine(repository.FullName, "services", "stock")).FullName;
    }

    private string Subfolder { get; }

    public void Dispose() => repository.Delete(recursive: true);

    [Fact]
    public async Task dlq_list_reaches_the_host_that_the_repositorys_host_json_names()
    {
        using var host = new StubHttpServer
        {
            ResponseContentType = "application/json",
            ResponseBody = """[{"name":"razors-stock-inbound-dlq","deadLetterQueue":true,"visible":1,"inFlight":0,"delayed":0}]""",
        };
        WriteHostJson(host.Url);

        var (exitCode, stdout, stderr) = await RazorsProcess.RunAsync(["dlq", "list"], workingDirectory: Subfolder);

        Assert.Equal(0, exitCode);
        Assert.Empty(stderr);
        Assert.Equal("/admin/queues", Assert.Single(host.Requests).Path);
        Assert.Matches(@"(?m)^razors-stock-inbound-dlq +1$", stdout);
    }

    [Fact]
    public void the_address_comes_from_host_json_at_the_repository_root()
    {
        WriteHostJson(new Uri("http://127.0.0.1:6123/"));

        Assert.Equal(new Uri("http://127.0.0.1:6123/"), RunningHost.BaseAddress(Subfolder));
    }

    [Fact]
    public void without_host_json_the_default_port_is_assumed()
    {
        Assert.Equal(new Uri($"http://127.0.0.1:{RunningHost.DefaultPort}/"), RunningHost.BaseAddress(Subfolder));
    }

    [Fact]
    public void an_unreadable_host_json_falls_back_to_the_default_port()
    {
        Directory.CreateDirectory(Path.Combine(repository.FullName, ".data"));
        File.WriteAllText(Path.Combine(repository.FullName, ".data", "host.json"), "{ not json");

        Assert.Equal(new Uri($"http://127.0.0.1:{RunningHost.DefaultPort}/"), RunningHost.BaseAddress(Subfolder));
    }

    // The shape local/Host/LocalHost.cs writes (WriteReadyFileAsync).
    private void WriteHostJson(Uri baseAddress)
    {
        Directory.CreateDirectory(Path.Combine(repository.FullName, ".data"));
        File.WriteAllText(
            Path.Combine(repository.FullName, ".data", "host.json"),
            $$"""{"baseAddress":"{{baseAddress}}","pid":1,"dynamoDbPid":2}""");
    }
}
