using System.Net;
using System.Net.Sockets;

namespace Razors.Testing;

/// <summary>
/// A real HTTP listener on 127.0.0.1 and a free port, answering each request, one at a time, with
/// <c>answer</c>: what every local listener in the tests (<see cref="StubHttpServer"/> and the
/// AWS look-alikes) stands on. A client that goes away mid-answer is ignored.
/// </summary>
public sealed class LoopbackListener : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<HttpListenerContext, Task> answer;
    private readonly Task loop;

    public LoopbackListener(Func<HttpListenerContext, Task> answer)
    {
        this.answer = answer ?? throw new ArgumentNullException(nameof(answer));

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

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
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

            try
            {
                await answer(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away.
            }
        }
    }
}
