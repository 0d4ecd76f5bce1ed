using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Razors.Testing;

/// <summary>A real HTTP listener on 127.0.0.1 (free port) that records requests and answers with a canned response, for wire-format tests.</summary>
public sealed class StubHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;

    public StubHttpServer()
    {
        // HttpListener cannot bind port 0; take a free port from the OS, then retry if it was taken meanwhile.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            listener.Prefixes.Clear();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                Url = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 3)
            {
            }
        }

        loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Requests in arrival order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public HttpStatusCode ResponseStatus { get; set; } = HttpStatusCode.OK;

    public string ResponseBody { get; set; } = "{}";

    public string ResponseContentType { get; set; } = "application/x-amz-json-1.0";

    /// <summary>Answers for the next requests, one each in order; once empty, the default response above is used.</summary>
    public ConcurrentQueue<(HttpStatusCode Status, string Body)> NextResponses { get; } = new();

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener's ObjectDisposedException/HttpListenerException.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

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

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}

/// <summary>One request the stub received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The query string as sent, with its <c>?</c>; empty when there is none.</summary>
    public string Query { get; init; } = "";
}
