using System.Net;
using Razors.Testing;

namespace Razors.Cli.Tests.Mail;

public sealed class when_razors_shows_the_local_mail : IDisposable
{
    private const string Id = "20261207T1549534886200-4f0b3c1e9a7d4e2f8b6c5a4d3e2f1a0b";
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    public void Dispose()
    {
        output.Dispose();
        error.Dispose();
    }

    private const string Header =
        $$"""{"id":"{{Id}}","receivedAt":"2026-12-07T15:49:53.48862+00:00","from":"\"Razors\" <hello@razors.example>","to":["ada@example.com"],"subject":"Welcome to Razors, Ada","messageId":"welcome-c1@notifications.razors","mailId":"welcome-c1"}""";

    private MailClient Cli(StubHttpServer host) => new(host.Url, output, error);

    [Fact]
    public async Task list_asks_for_the_limit_and_address_and_prints_one_line_per_mail()
    {
        using var host = new StubHttpServer { ResponseContentType = "application/json" };
        host.NextResponses.Enqueue((HttpStatusCode.OK, $"[{Header}]"));

        var exitCode = await Cli(host).ListAsync("ada@example.com", 5, TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        var request = Assert.Single(host.Requests);
        Assert.Equal(("GET", "/admin/mail", "?limit=5&to=ada%40example.com"), (request.Method, request.Path, request.Query));
        Assert.Matches($@"2026-12-07 15:49:53 +{Id} +ada@example\.com +Welcome to Razors, Ada", output.ToString());
        Assert.Contains("1 mail; show one with: razors mail show <id>", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task show_prints_the_headers_and_the_part_asked_for()
    {
        using var host = new StubHttpServer { ResponseContentType = "application/json" };
        var message = $$"""{"mail":{{Header}},"text":"Hello Ada,","html":"<p>Hello Ada,</p>"}""";
        host.NextResponses.Enqueue((HttpStatusCode.OK, message));
        host.NextResponses.Enqueue((HttpStatusCode.OK, message));

        Assert.Equal(0, await Cli(host).ShowAsync(Id, html: false, TestContext.Current.CancellationToken));
        Assert.Equal(0, await Cli(host).ShowAsync(Id, html: true, TestContext.Current.CancellationToken));

        Assert.All(host.Requests, r => Assert.Equal($"/admin/mail/{Id}", r.Path));
        var text = output.ToString();
        Assert.Contains("Message-ID: welcome-c1@notifications.razors", text, StringComparison.Ordinal);
        Assert.Contains("Subject:    Welcome to Razors, Ada", text, StringComparison.Ordinal);
        Assert.Contains("\nHello Ada,", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("<p>Hello Ada,</p>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_unknown_id_exits_1_with_the_problem()
    {
        using var host = new StubHttpServer { ResponseContentType = "application/problem+json" };
        host.NextResponses.Enqueue((HttpStatusCode.NotFound, """{"title":"No such mail","detail":"The local mail sink holds no message 'x' (see GET /admin/mail)."}"""));

        var exitCode = await Cli(host).ShowAsync("x", html: false, TestContext.Current.CancellationToken);

        Assert.Equal(1, exitCode);
        Assert.Contains("razors: mail 'x' could not be read (404): No such mail The local mail sink holds no message 'x'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_unreachable_host_says_how_to_start_it()
    {
        var exitCode = await new MailClient(new Uri("http://127.0.0.1:9/"), output, error).ListAsync(null, 20, TestContext.Current.CancellationToken);

        Assert.Equal(1, exitCode);
        Assert.Contains("cannot reach the local host at http://127.0.0.1:9/", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("./run.sh", error.ToString(), StringComparison.Ordinal);
    }
}
