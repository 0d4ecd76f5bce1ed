using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Razors.Testing;

/// <summary>A <see cref="LoopbackListener"/> that records requests and answers with a canned response, for wire-format tests.</summary>
public sealed class StubHttpServer : IDisposable
{
    private readonly LoopbackListener listener;

    public StubHttpServer()
    {
        listener = new LoopbackListener(AnswerAsync);
    }

    public Uri Url => listener.Url;

    /// <summary>Requests in arrival order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public HttpStatusCode ResponseStatus { get; set; } = HttpStatusCode.OK;

    public string ResponseBody { get; set; } = "{}";

    public string ResponseContentType { get; set; } = "application/x-amz-json-1.0";

    /// <summary>Answers for the next requests, one each in order; once empty, the default response above is used.</summary>
    public ConcurrentQueue<(HttpStatusCode Status, string Body)> NextResponses { get; } = new();

    public void Dispose()
    {
        listener.Dispose();
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.AllKeys
            .Where(k => k is not null)
            .ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body) { Query = context.Request.Url.Query });

        var (status, responseBody) = NextResponses.TryDequeue(out var next) ? next : (ResponseStatus, ResponseBody);
        var bytes = Encoding.UTF8.GetBytes(responseBody);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = ResponseContentType;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}

/// <summary>One request the stub received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The query string, with its leading <c>?</c>, or empty.</summary>
    public string Query { get; init; } = "";
}
