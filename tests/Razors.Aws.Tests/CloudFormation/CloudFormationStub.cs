using System.Net;
using Microsoft.Extensions.Time.Testing;
using Razors.Aws.CloudFormation;
using Razors.Testing;

namespace Razors.Aws.Tests.CloudFormation;

/// <summary>
/// A real local listener answering as CloudFormation does (query protocol, XML), and the client under test
/// pointed at it; backoff pauses run on fake time.
/// </summary>
internal sealed class CloudFormationStub : IDisposable
{
    public const string Namespace = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    private readonly HttpClient http = new();

    public CloudFormationStub()
    {
        Server.ResponseContentType = "text/xml";
    }

    public StubHttpServer Server { get; } = new();

    public FakeTimeProvider Time { get; } = new();

    public AmazonCloudFormationClient Client(ThrottlingRetryOptions? retry = null) =>
        new(http, Server.Url, retry ?? new ThrottlingRetryOptions { BaseDelay = TimeSpan.FromSeconds(1) }, Time);

    /// <summary>Answers every call with <c>&lt;{action}Response&gt;&lt;{action}Result&gt;{result}…</c> and its request id.</summary>
    public void Answers(string action, string result) => Server.ResponseBody = Answer(action, result);

    public static string Answer(string action, string result) => $"""
        <{action}Response xmlns="{Namespace}">
          <{action}Result>{result}</{action}Result>
          <ResponseMetadata><RequestId>5ccc7dcd-744c-11e5-be70-example</RequestId></ResponseMetadata>
        </{action}Response>
        """;

    /// <summary>An empty answer, as for DeleteStack: no result element, only the request id.</summary>
    public static string EmptyAnswer(string action) => $"""
        <{action}Response xmlns="{Namespace}">
          <ResponseMetadata><RequestId>5ccc7dcd-744c-11e5-be70-example</RequestId></ResponseMetadata>
        </{action}Response>
        """;

    public static string Error(string code, string message, string type = "Sender") => $"""
        <ErrorResponse xmlns="{Namespace}">
          <Error>
            <Type>{type}</Type>
            <Code>{code}</Code>
            <Message>{message}</Message>
          </Error>
          <RequestId>4af14eec-350e-11e4-b260-example</RequestId>
        </ErrorResponse>
        """;

    public void Fails(HttpStatusCode status, string body)
    {
        Server.ResponseStatus = status;
        Server.ResponseBody = body;
    }

    /// <summary>The form fields of <paramref name="body"/>, decoded, in the order sent.</summary>
    public static List<(string Name, string Value)> Fields(string body) =>
    [
        .. body.Split('&').Select(pair =>
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            Assert.True(at > 0, $"'{pair}' is not name=value");
            return (Uri.UnescapeDataString(pair[..at]), Uri.UnescapeDataString(pair[(at + 1)..]));
        }),
    ];

    public void Dispose()
    {
        http.Dispose();
        Server.Dispose();
    }
}
