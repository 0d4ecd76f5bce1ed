using Microsoft.AspNetCore.Http;

namespace Razors.Stock.Features;

/// <summary>Reads what the endpoints need from a request, within limits.</summary>
internal static class HttpRequestReading
{
    /// <summary>The body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    /// <remarks>
    /// Content-Length is checked first so an honest oversized request is refused unread; a chunked
    /// body is read up to one byte past the limit and no further.
    /// </remarks>
    public static async Task<byte[]?> ReadBodyAsync(this HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var body = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > limit)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }
}
