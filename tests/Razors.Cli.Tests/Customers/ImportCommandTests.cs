using System.Net;
using Razors.Testing;

namespace Razors.Cli.Tests.Customers;

public sealed class when_razors_imports_customers : IDisposable
{
    private const string Id = "00606e45df05c8301c2ad2466de7ac8e";
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();
    private readonly FileInfo file = new(Path.GetTempFileName());

    public when_razors_imports_customers() =>
        File.WriteAllText(file.FullName, "name,email,state,city,postcode\nAda,ada@example.com,Greater London,London,SW1A 1AA\n");

    public void Dispose()
    {
        file.Delete();
        output.Dispose();
        error.Dispose();
    }

    private static string Import(string status, int registered, int rejected, int pending, string rejections = "") =>
        $$"""{"id":"{{Id}}","status":"{{status}}","total":4,"registered":{{registered}},"rejected":{{rejected}},"pending":{{pending}},"acceptedAt":"2026-12-04T09:00:00Z","rejections":[{{rejections}}]}""";

    private CustomersClient Cli(StubHttpServer host) => new(host.Url, output, error, interactive: false) { PollInterval = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public async Task it_uploads_the_file_as_csv_follows_the_progress_and_lists_the_rejected_lines()
    {
        using var host = new StubHttpServer { ResponseContentType = "application/json" };
        host.NextResponses.Enqueue((HttpStatusCode.Accepted, Import("InProgress", 0, 0, 4)));
        host.NextResponses.Enqueue((HttpStatusCode.OK, Import("InProgress", 2, 0, 2)));
        host.NextResponses.Enqueue((HttpStatusCode.OK, Import("Completed", 3, 1, 0, """{"line":3,"field":"email","reason":"is registered already."}""")));

        var exitCode = await Cli(host).ImportAsync(file, wait: true, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        var requests = host.Requests.ToList();
        Assert.Equal(("POST", "/customers/imports"), (requests[0].Method, requests[0].Path));
        Assert.StartsWith("text/csv", requests[0].Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(file.FullName), requests[0].Body);
        Assert.All(requests.Skip(1), r => Assert.Equal(("GET", $"/customers/imports/{Id}"), (r.Method, r.Path)));
        var text = output.ToString();
        Assert.Contains("4 rows accepted", text, StringComparison.Ordinal);
        Assert.Contains("50%  2/4 rows: 2 registered, 0 rejected", text, StringComparison.Ordinal);
        Assert.Contains("100%  4/4 rows", text, StringComparison.Ordinal);
        Assert.Contains("done: 3 registered, 1 rejected.", text, StringComparison.Ordinal);
        Assert.Matches(@"line +3 +email +is registered already\.", text);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task a_refused_file_exits_1_with_the_problem_in_one_line()
    {
        using var host = new StubHttpServer { ResponseContentType = "application/problem+json" };
        host.NextResponses.Enqueue((HttpStatusCode.UnprocessableEntity, """{"title":"The file mixes line endings.","detail":"Line 1 ends with CRLF but line 2 with LF; use one kind throughout.","line":2}"""));

        var exitCode = await Cli(host).ImportAsync(file, wait: true, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(1, exitCode);
        Assert.Equal("razors: the file was refused (422): The file mixes line endings. Line 1 ends with CRLF but line 2 with LF; use one kind throughout.", error.ToString().Trim());
        Assert.Single(host.Requests);
    }

    [Fact]
    public async Task a_missing_or_oversized_file_is_refused_before_anything_is_sent()
    {
        using var host = new StubHttpServer();
        var missing = new FileInfo(Path.Combine(Path.GetTempPath(), $"razors-no-such-{Guid.NewGuid():N}.csv"));
        File.WriteAllBytes(file.FullName, new byte[CustomersClient.MaxFileBytes + 1]);

        Assert.Equal(1, await Cli(host).ImportAsync(missing, wait: true, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));
        Assert.Equal(1, await Cli(host).ImportAsync(file, wait: true, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));

        Assert.Contains($"no file '{missing.FullName}'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains($"is {CustomersClient.MaxFileBytes + 1} bytes; an import takes at most {CustomersClient.MaxFileBytes} bytes", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task the_replica_check_exits_2_naming_the_differences()
    {
        using var host = new StubHttpServer { ResponseContentType = "application/json" };
        host.NextResponses.Enqueue((HttpStatusCode.OK, """{"sourceCount":3,"replicaCount":2,"missing":["0193a5f0-7b00-7d11-8e22-3f33a44b5c03"],"different":[],"extra":[],"inSync":false}"""));

        Assert.Equal(2, await Cli(host).CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal("/admin/customers/replica/check", Assert.Single(host.Requests).Path);
        Assert.Contains("1 missing from the replica: 0193a5f0-7b00-7d11-8e22-3f33a44b5c03", output.ToString(), StringComparison.Ordinal);
    }
}
