using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Razors.Lambda.HttpApi;

/// <summary>
/// The response of one request, buffered whole: API Gateway takes the status, headers and body in
/// one payload, so nothing is sent before the pipeline is done. "Starting" the response runs the
/// <c>OnStarting</c> callbacks, as a server does before it sends headers.
/// </summary>
internal sealed class LambdaResponseFeature : IHttpResponseFeature, IHttpResponseBodyFeature, IDisposable
{
    private readonly MemoryStream body = new();
    private readonly Stack<(Func<object, Task> Callback, object State)> onStarting = new();
    private readonly Stack<(Func<object, Task> Callback, object State)> onCompleted = new();
    private PipeWriter? writer;

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    [Obsolete("Use IHttpResponseBodyFeature.Stream.")]
    public Stream Body
    {
        get => body;
        set => throw new NotSupportedException("The Lambda server buffers the body itself.");
    }

    public bool HasStarted { get; private set; }

    public Stream Stream => body;

    public PipeWriter Writer => writer ??= PipeWriter.Create(body, new StreamPipeWriterOptions(leaveOpen: true));

    /// <summary>The body written so far (all of it once the response is complete).</summary>
    public ReadOnlyMemory<byte> BodyBytes => body.GetBuffer().AsMemory(0, (int)body.Length);

    public void OnStarting(Func<object, Task> callback, object state)
    {
        if (HasStarted)
        {
            throw new InvalidOperationException("The response has already started.");
        }

        onStarting.Push((callback, state));
    }

    public void OnCompleted(Func<object, Task> callback, object state) => onCompleted.Push((callback, state));

    public void DisableBuffering()
    {
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted)
        {
            return;
        }

        // Registered last, run first: the order servers use.
        while (onStarting.TryPop(out var entry))
        {
            await entry.Callback(entry.State);
        }

        HasStarted = true;
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(body, path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        await StartAsync();
        if (writer is not null)
        {
            await writer.FlushAsync();
        }
    }

    /// <summary>Drops what the pipeline wrote, for the server's own answer to a failure.</summary>
    public void Reset(int statusCode)
    {
        StatusCode = statusCode;
        ReasonPhrase = null;
        Headers.Clear();
        writer = null;
        body.SetLength(0);
    }

    public async Task FireOnCompletedAsync()
    {
        while (onCompleted.TryPop(out var entry))
        {
            await entry.Callback(entry.State);
        }
    }

    public void Dispose() => body.Dispose();
}
