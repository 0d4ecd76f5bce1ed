using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using Razors.Testing;

namespace Razors.Cli.Tests.Lake;

/// <summary>
/// A minimal S3 on a <see cref="LoopbackListener"/>, path-style: ListObjectsV2 with
/// prefix, max-keys, continuation-token and encoding-type=url, and GetObject, answering the shapes
/// of the S3 API reference (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html,
/// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html). Pages are at most
/// <see cref="PageSize"/> keys, so continuation is exercised.
/// </summary>
internal sealed class S3Responder : IDisposable
{
    private readonly LoopbackListener listener;

    public S3Responder(string bucket)
    {
        Bucket = bucket;
        listener = new LoopbackListener(AnswerAsync);
    }

    public string Bucket { get; }

    public Uri Url => listener.Url;

    public int PageSize { get; init; } = 2;

    public ConcurrentDictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>"LIST prefix" and "GET key" in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public void Dispose()
    {
        listener.Dispose();
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var raw = context.Request.RawUrl ?? "/";
        var path = Uri.UnescapeDataString(raw.Split('?')[0]).TrimStart('/');
        var query = context.Request.QueryString;
        var (bucket, key) = path.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? (path[..slash], path[(slash + 1)..]) : (path, "");
        if (context.Request.HttpMethod != "GET" || bucket != Bucket)
        {
            await RespondAsync(context, HttpStatusCode.NotFound, "application/xml", Error("NoSuchBucket", "The specified bucket does not exist"));
        }
        else if (key.Length == 0 && query["list-type"] == "2")
        {
            Requests.Enqueue($"LIST {query["prefix"]}");
            await RespondAsync(context, HttpStatusCode.OK, "application/xml", List(query["prefix"] ?? "", query["continuation-token"], query["max-keys"], query["encoding-type"] == "url"));
        }
        else if (Objects.TryGetValue(key, out var content))
        {
            Requests.Enqueue($"GET {key}");
            // A single-part object's ETag is the MD5 of its content.
#pragma warning disable CA5351
            context.Response.Headers["ETag"] = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(content)) + "\"";
#pragma warning restore CA5351
            context.Response.Headers["Last-Modified"] = DateTimeOffset.UnixEpoch.ToString("R", CultureInfo.InvariantCulture);
            await RespondAsync(context, HttpStatusCode.OK, "application/octet-stream", content);
        }
        else
        {
            await RespondAsync(context, HttpStatusCode.NotFound, "application/xml", Error("NoSuchKey", "The specified key does not exist."));
        }
    }

    private byte[] List(string prefix, string? token, string? maxKeys, bool urlEncoded)
    {
        var size = Math.Min(PageSize, int.TryParse(maxKeys, CultureInfo.InvariantCulture, out var max) ? max : 1000);
        var keys = Objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var start = token is null ? 0 : int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), CultureInfo.InvariantCulture);
        var page = keys.Skip(start).Take(size).ToList();
        var truncated = start + page.Count < keys.Count;
        string Encode(string s) => SecurityElement.Escape(urlEncoded ? Uri.EscapeDataString(s) : s);
        var xml = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">""");
        xml.Append(CultureInfo.InvariantCulture, $"<Name>{Bucket}</Name><Prefix>{Encode(prefix)}</Prefix><KeyCount>{page.Count}</KeyCount><MaxKeys>{size}</MaxKeys>");
        xml.Append(CultureInfo.InvariantCulture, $"<IsTruncated>{(truncated ? "true" : "false")}</IsTruncated>");
        if (urlEncoded)
        {
            xml.Append("<EncodingType>url</EncodingType>");
        }

        if (token is not null)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<ContinuationToken>{token}</ContinuationToken>");
        }

        if (truncated)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<NextContinuationToken>{Convert.ToBase64String(Encoding.UTF8.GetBytes((start + page.Count).ToString(CultureInfo.InvariantCulture)))}</NextContinuationToken>");
        }

        foreach (var key in page)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<Contents><Key>{Encode(key)}</Key><LastModified>2026-12-01T10:00:00.000Z</LastModified><ETag>\"0\"</ETag><Size>{Objects[key].Length}</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</ListBucketResult>").ToString());
    }

    private static byte[] Error(string code, string message) =>
        Encoding.UTF8.GetBytes($"""<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>local</RequestId></Error>""");

    private static async Task RespondAsync(HttpListenerContext context, HttpStatusCode status, string contentType, byte[] body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = body.Length;
        context.Response.Headers["x-amz-request-id"] = "local";
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }
}
