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
