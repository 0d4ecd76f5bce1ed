using Microsoft.AspNetCore.Http;

namespace Razors.ServiceDefaults;

public static class HttpRequestReading
{
    // The body, or null when it is longer than limit bytes. Content-Length is checked first so an
    // honest oversized request is refused unread; a chunked body is read until the first read that
    // passes the limit and no further.
    public static async Task<byte[]?> ReadBodyAsync(this HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var body = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await ReadAsync(request.Body, buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > limit)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    // Kestrel throws BadHttpRequestException for a body it cannot read (BadRequestExceptionHandler
    // answers it), except for a chunk size that overflows, which comes as a bare IOException.
    private static async ValueTask<int> ReadAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException e) when (e is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new BadHttpRequestException(e.Message, StatusCodes.Status400BadRequest, e);
        }
    }
}
