using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Razors.EndToEnd.Tests;

/// <summary>An HTTP answer as it came off the wire: no status (0) when the server closed without one.</summary>
internal sealed record RawAnswer(int Status, string? MediaType, string Body);

/// <summary>
/// HTTP/1.1 over a bare TcpClient, for requests HttpClient will not send: a body shorter than its
/// Content-Length, a malformed chunk. The request asks the server to close, so the answer ends
/// where the stream does; <c>halfClose</c> shuts down the sending side after the request (the
/// client says it has nothing more to send).
/// </summary>
internal static class RawHttp
{
    public static async Task<RawAnswer> SendAsync(Uri server, string head, byte[] body, bool halfClose, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, ct);
        var stream = client.GetStream();
        var request = $"{head}\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), ct);
        await stream.WriteAsync(body, ct);
        if (halfClose)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        using var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer, ct);
        }
        catch (IOException)
        {
            // A reset after the answer, or instead of one: what arrived is what there is.
        }

        return Parse(answer.ToArray());
    }

    private static RawAnswer Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return new RawAnswer(0, null, Encoding.UTF8.GetString(bytes));
        }

        var lines = Encoding.ASCII.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = bytes.AsSpan(end + 4);
        var chunked = headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Equals("chunked", StringComparison.OrdinalIgnoreCase);
        var mediaType = headers.TryGetValue("Content-Type", out var type) ? type.Split(';')[0].Trim() : null;
        return new RawAnswer(status, mediaType, Encoding.UTF8.GetString(chunked ? Unchunk(body) : body));
    }

    private static byte[] Unchunk(ReadOnlySpan<byte> chunked)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(chunked[..lineEnd]), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToArray();
            }

            body.Write(chunked.Slice(lineEnd + 2, size));
            chunked = chunked[(lineEnd + 2 + size + 2)..];
        }
    }
}
