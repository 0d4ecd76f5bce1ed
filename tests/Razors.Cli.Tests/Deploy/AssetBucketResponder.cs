using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using System.Web;

namespace Razors.Cli.Tests.Deploy;

/// <summary>
/// STS and S3 on one real HTTP listener (127.0.0.1, free port), as asset publishing uses them:
/// STS <c>AssumeRole</c> in the query protocol (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html),
/// S3 path-style <c>HeadObject</c> and <c>PutObject</c> (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html,
/// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html), with bodies in the
/// aws-chunked encoding the SDK sends with a checksum trailer
/// (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html). Every role assumed gets
/// credentials of its own, so a test can tell whose credentials signed a request.
/// </summary>
internal sealed partial class AssetBucketResponder : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly ConcurrentDictionary<string, string> keysByRole = new(StringComparer.Ordinal);

    public AssetBucketResponder()
    {
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

    /// <summary>Objects by "bucket/key".</summary>
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>"bucket/key"s whose HeadObject is answered 403, as S3 answers a caller without s3:ListBucket.</summary>
    public ConcurrentDictionary<string, bool> Forbidden { get; } = new(StringComparer.Ordinal);

    /// <summary>Role ARNs whose AssumeRole is refused with AccessDenied.</summary>
    public ConcurrentDictionary<string, bool> Unassumable { get; } = new(StringComparer.Ordinal);

    /// <summary>Every S3 request: method, "bucket/key", the access key id that signed it and its session token.</summary>
    public ConcurrentQueue<S3Call> S3Calls { get; } = new();

    public ConcurrentQueue<AssumeRoleCall> AssumeRoleCalls { get; } = new();

    /// <summary>The access key id of the credentials issued for <paramref name="roleArn"/>.</summary>
    public string AccessKeyOf(string roleArn) => keysByRole[roleArn];

    public static string SessionTokenOf(string accessKeyId) => $"token-of-{accessKeyId}";

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

            try
            {
                await AnswerAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The client went away.
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var accessKey = AccessKeyPattern().Match(request.Headers["Authorization"] ?? "") is { Success: true } m ? m.Groups[1].Value : "";
        var token = request.Headers["X-Amz-Security-Token"];
        var path = Uri.UnescapeDataString((request.RawUrl ?? "/").Split('?')[0]).TrimStart('/');

        if (request.HttpMethod == "POST" && path.Length == 0)
        {
            await AssumeRoleAsync(context, HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body)), accessKey);
            return;
        }

        S3Calls.Enqueue(new S3Call(request.HttpMethod, path, accessKey, token));
        switch (request.HttpMethod)
        {
            case "HEAD" when Forbidden.ContainsKey(path):
                await RespondAsync(context, HttpStatusCode.Forbidden, "application/xml", []);
                break;
            case "HEAD" when Objects.TryGetValue(path, out var content):
                context.Response.Headers["ETag"] = "\"local\"";
                context.Response.Headers["Last-Modified"] = DateTimeOffset.UnixEpoch.ToString("R", CultureInfo.InvariantCulture);
                context.Response.ContentType = "application/octet-stream";
                context.Response.ContentLength64 = content.Length;
                context.Response.StatusCode = 200;
                context.Response.Close();
                break;
            case "HEAD":
                await RespondAsync(context, HttpStatusCode.NotFound, "application/xml", []);
                break;
            case "PUT":
                var chunked = (request.Headers["Content-Encoding"] ?? "").Contains("aws-chunked", StringComparison.Ordinal)
                    || (request.Headers["x-amz-content-sha256"] ?? "").StartsWith("STREAMING-", StringComparison.Ordinal);
                Objects[path] = chunked ? DecodeAwsChunked(body) : body;
                context.Response.Headers["ETag"] = "\"local\"";
                await RespondAsync(context, HttpStatusCode.OK, "application/xml", []);
                break;
            default:
                await RespondAsync(context, HttpStatusCode.MethodNotAllowed, "application/xml", Encoding.UTF8.GetBytes(
                    """<?xml version="1.0" encoding="UTF-8"?><Error><Code>MethodNotAllowed</Code><Message>Not here</Message></Error>"""));
                break;
        }
    }

    private async Task AssumeRoleAsync(HttpListenerContext context, System.Collections.Specialized.NameValueCollection form, string callerKey)
    {
        var roleArn = form["RoleArn"] ?? "";
        AssumeRoleCalls.Enqueue(new AssumeRoleCall(form["Action"], roleArn, form["ExternalId"], form["RoleSessionName"], callerKey));
        if (Unassumable.ContainsKey(roleArn))
        {
            await RespondAsync(context, HttpStatusCode.Forbidden, "text/xml", Encoding.UTF8.GetBytes(
                $"""<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole on resource: {SecurityElement.Escape(roleArn)}</Message></Error><RequestId>local</RequestId></ErrorResponse>"""));
            return;
        }

        var key = keysByRole.GetOrAdd(roleArn, _ => $"ASIALOCAL{keysByRole.Count + 1:D4}");
        var expiration = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await RespondAsync(context, HttpStatusCode.OK, "text/xml", Encoding.UTF8.GetBytes(
            $"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>{key}</AccessKeyId>
                  <SecretAccessKey>secret-of-{key}</SecretAccessKey>
                  <SessionToken>{SessionTokenOf(key)}</SessionToken>
                  <Expiration>{expiration}</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <AssumedRoleId>AROALOCAL:{SecurityElement.Escape(form["RoleSessionName"])}</AssumedRoleId>
                  <Arn>{SecurityElement.Escape(roleArn)}</Arn>
                </AssumedRoleUser>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>local</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """));
    }

    /// <summary>The payload of an aws-chunked body: "&lt;hex size&gt;[;chunk-signature=…]\r\n&lt;bytes&gt;\r\n" until a zero-size chunk, then trailers.</summary>
    private static byte[] DecodeAwsChunked(byte[] body)
    {
        using var payload = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = body.AsSpan(position).IndexOf("\r\n"u8);
            var header = Encoding.ASCII.GetString(body, position, lineEnd);
            var size = int.Parse(header.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position += lineEnd + 2;
            if (size == 0)
            {
                return payload.ToArray();
            }

            payload.Write(body, position, size);
            position += size + 2;
        }
    }

    private static async Task RespondAsync(HttpListenerContext context, HttpStatusCode status, string contentType, byte[] body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = body.Length;
        context.Response.Headers["x-amz-request-id"] = "local";
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Credential=([^/]+)/")]
    private static partial Regex AccessKeyPattern();
}

internal sealed record S3Call(string Method, string Path, string AccessKeyId, string? SessionToken);

internal sealed record AssumeRoleCall(string? Action, string RoleArn, string? ExternalId, string? SessionName, string CallerAccessKeyId);
