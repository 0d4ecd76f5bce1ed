using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Razors.Testing;

namespace Razors.Cli.Tests.Deploy;

/// <summary>
/// A <see cref="LoopbackListener"/> that answers the calls <c>razors deploy</c> makes, each in its
/// service's wire protocol: STS (query, <c>GetCallerIdentity</c>, <c>AssumeRole</c>), SSM (JSON 1.1,
/// <c>GetParameter</c>), S3 (path-style REST, <c>HEAD</c>/<c>PUT</c> of an object, aws-chunked
/// bodies) and CloudFormation (query, through <see cref="LocalCloudFormation"/>). Every request is
/// recorded with the access key that signed it.
/// </summary>
internal sealed partial class LocalAws : IDisposable
{
    public const string Account = "123456789012";
    public const string Region = "eu-west-1";
    public const string AssetsBucket = $"cdk-hnb659fds-assets-{Account}-{Region}";

    private readonly LoopbackListener listener;

    public LocalAws()
    {
        listener = new LoopbackListener(AnswerAsync);

        CloudFormation = new LocalCloudFormation(this);
        Buckets.TryAdd(AssetsBucket, new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal));
    }

    public Uri Url => listener.Url;

    public LocalCloudFormation CloudFormation { get; }

    /// <summary>Objects by bucket and key; a bucket not here answers <c>NoSuchBucket</c>.</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, byte[]>> Buckets { get; } = new(StringComparer.Ordinal);

    /// <summary>SSM parameters by name.</summary>
    public ConcurrentDictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal) { ["/cdk-bootstrap/hnb659fds/version"] = "21" };

    /// <summary>Roles that may be assumed; any other is refused with <c>AccessDenied</c>. Each gets its own access key, <c>ASIA-ROLE-n</c>.</summary>
    public ConcurrentDictionary<string, string> AssumableRoles { get; } = new(StringComparer.Ordinal);

    /// <summary>How long the credentials of an assumed role last.</summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>"bucket/key"s whose <c>HeadObject</c> is answered 403, as S3 answers a caller without <c>s3:ListBucket</c>.</summary>
    public ConcurrentDictionary<string, bool> ForbiddenObjects { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<LocalAwsCall> Calls { get; } = new();

    /// <summary>The access key id the caller's own credentials have (the tests' environment sets it).</summary>
    public string CallerAccessKey { get; set; } = "local";

    /// <summary>Makes every role of the CDK bootstrap (qualifier hnb659fds) in the account and region assumable.</summary>
    public void Bootstrapped()
    {
        var i = 0;
        foreach (var role in new[] { "deploy", "file-publishing", "image-publishing", "lookup" })
        {
            AssumableRoles[$"arn:aws:iam::{Account}:role/cdk-hnb659fds-{role}-role-{Account}-{Region}"] = $"ASIA-ROLE-{++i}";
        }
    }

    public IEnumerable<LocalAwsCall> CallsOf(string service) => Calls.Where(c => c.Service == service);

    public void Dispose()
    {
        listener.Dispose();
    }

    internal static Dictionary<string, string> Form(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var key = WebUtility.UrlDecode(separator < 0 ? pair : pair[..separator]);
            form[key] = separator < 0 ? "" : WebUtility.UrlDecode(pair[(separator + 1)..]);
        }

        return form;
    }

    /// <summary>The body of an aws-chunked upload (<c>size[;chunk-signature=…]\r\ndata\r\n</c> … <c>0\r\n</c> and trailers).</summary>
    private static byte[] Dechunk(byte[] body)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = IndexOfCrLf(body, position);
            var header = Encoding.ASCII.GetString(body, position, lineEnd - position);
            var size = Convert.ToInt32(header.Split(';')[0], 16);
            position = lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            output.Write(body, position, size);
            position += size + 2;
        }

        return output.ToArray();
    }

    private static int IndexOfCrLf(byte[] bytes, int from)
    {
        for (var i = from; i < bytes.Length - 1; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n')
            {
                return i;
            }
        }

        throw new InvalidDataException("An aws-chunked body without a line end.");
    }

    [GeneratedRegex(@"Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")]
    private static partial Regex CredentialScope();

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var scope = CredentialScope().Match(request.Headers["Authorization"] ?? "");
        var accessKey = scope.Success ? scope.Groups[1].Value : "";
        var sessionToken = request.Headers["X-Amz-Security-Token"];
        var signingService = scope.Success ? scope.Groups[3].Value : "";
        var target = request.Headers["X-Amz-Target"];
        var path = Uri.UnescapeDataString(request.Url!.AbsolutePath);

        (int Status, string ContentType, byte[] Body, Dictionary<string, string>? Headers) answer;
        if (request.HttpMethod is "HEAD" or "PUT" or "GET" && path.Length > 1)
        {
            var decoded = string.Equals(request.Headers["Content-Encoding"], "aws-chunked", StringComparison.OrdinalIgnoreCase)
                || (request.Headers["x-amz-content-sha256"] ?? "").StartsWith("STREAMING-", StringComparison.Ordinal)
                ? Dechunk(body)
                : body;
            Calls.Enqueue(new LocalAwsCall("s3", $"{request.HttpMethod} {path}", accessKey, signingService, new Dictionary<string, string>(), sessionToken));
            answer = S3(request.HttpMethod, path, decoded);
        }
        else if (target is not null)
        {
            var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
            Calls.Enqueue(new LocalAwsCall("ssm", operation, accessKey, signingService, new Dictionary<string, string> { ["json"] = Encoding.UTF8.GetString(body) }, sessionToken));
            answer = Ssm(operation, Encoding.UTF8.GetString(body));
        }
        else
        {
            var form = Form(Encoding.UTF8.GetString(body));
            var action = form.GetValueOrDefault("Action", "");
            var service = form.GetValueOrDefault("Version") == "2011-06-15" ? "sts" : "cloudformation";
            Calls.Enqueue(new LocalAwsCall(service, action, accessKey, signingService, form, sessionToken));
            var (status, xml) = service == "sts" ? Sts(action, form) : CloudFormation.Answer(action, form);
            answer = (status, "text/xml", Encoding.UTF8.GetBytes(xml), null);
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        foreach (var (name, value) in answer.Headers ?? [])
        {
            context.Response.Headers[name] = value;
        }

        if (request.HttpMethod == "HEAD")
        {
            context.Response.ContentLength64 = answer.Body.Length;
        }
        else
        {
            context.Response.ContentLength64 = answer.Body.Length;
            await context.Response.OutputStream.WriteAsync(answer.Body);
        }

        context.Response.Close();
    }

    private (int, string, byte[], Dictionary<string, string>?) S3(string method, string path, byte[] body)
    {
        var slash = path.IndexOf('/', 1);
        var bucket = slash < 0 ? path[1..] : path[1..slash];
        var key = slash < 0 ? "" : path[(slash + 1)..];
        if (method == "HEAD" && ForbiddenObjects.ContainsKey($"{bucket}/{key}"))
        {
            return (403, "application/xml", [], null);
        }

        if (!Buckets.TryGetValue(bucket, out var objects))
        {
            return (404, "application/xml", Encoding.UTF8.GetBytes($"<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>{bucket}</BucketName></Error>"), null);
        }

        switch (method)
        {
            case "PUT":
                objects[key] = body;
                return (200, "application/xml", [], new Dictionary<string, string> { ["ETag"] = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body))[..32]}\"" });
            case "HEAD" when objects.TryGetValue(key, out var found):
                return (200, "application/octet-stream", found, new Dictionary<string, string> { ["ETag"] = "\"present\"" });
            case "GET" when objects.TryGetValue(key, out var found):
                return (200, "application/octet-stream", found, null);
            default:
                return (404, "application/xml", method == "HEAD" ? [] : Encoding.UTF8.GetBytes("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>"), null);
        }
    }

    private (int, string, byte[], Dictionary<string, string>?) Ssm(string operation, string json)
    {
        if (operation != "GetParameter")
        {
            return (400, "application/x-amz-json-1.1", Encoding.UTF8.GetBytes($$"""{"__type":"InvalidAction","message":"{{operation}} is not served here"}"""), null);
        }

        using var request = JsonDocument.Parse(json);
        var name = request.RootElement.GetProperty("Name").GetString()!;
        if (!Parameters.TryGetValue(name, out var value))
        {
            return (400, "application/x-amz-json-1.1", Encoding.UTF8.GetBytes($$"""{"__type":"ParameterNotFound","message":"Parameter {{name}} not found."}"""), null);
        }

        var answer = JsonSerializer.Serialize(new { Parameter = new { Name = name, Type = "String", Value = value, Version = 1, ARN = $"arn:aws:ssm:{Region}:{Account}:parameter{name}" } });
        return (200, "application/x-amz-json-1.1", Encoding.UTF8.GetBytes(answer), null);
    }

    private (int, string) Sts(string action, Dictionary<string, string> form)
    {
        const string ns = "https://sts.amazonaws.com/doc/2011-06-15/";
        switch (action)
        {
            case "GetCallerIdentity":
                return (200, $"""
                    <GetCallerIdentityResponse xmlns="{ns}">
                      <GetCallerIdentityResult><Arn>arn:aws:iam::{Account}:user/local</Arn><UserId>AIDALOCAL</UserId><Account>{Account}</Account></GetCallerIdentityResult>
                      <ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata>
                    </GetCallerIdentityResponse>
                    """);
            case "AssumeRole" when AssumableRoles.TryGetValue(form.GetValueOrDefault("RoleArn", ""), out var key):
                var expiration = DateTime.UtcNow.Add(CredentialLifetime).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                return (200, $"""
                    <AssumeRoleResponse xmlns="{ns}">
                      <AssumeRoleResult>
                        <Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>secret-{key}</SecretAccessKey><SessionToken>token-{key}</SessionToken><Expiration>{expiration}</Expiration></Credentials>
                        <AssumedRoleUser><Arn>{form["RoleArn"]}/{form.GetValueOrDefault("RoleSessionName")}</Arn><AssumedRoleId>AROALOCAL:{form.GetValueOrDefault("RoleSessionName")}</AssumedRoleId></AssumedRoleUser>
                      </AssumeRoleResult>
                      <ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata>
                    </AssumeRoleResponse>
                    """);
            case "AssumeRole":
                return (403, $"""
                    <ErrorResponse xmlns="{ns}"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::{Account}:user/local is not authorized to perform: sts:AssumeRole on resource: {form.GetValueOrDefault("RoleArn")}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>
                    """);
            default:
                return (400, $"""<ErrorResponse xmlns="{ns}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>{action}</Message></Error><RequestId>1</RequestId></ErrorResponse>""");
        }
    }

    /// <summary>The template a <c>TemplateURL</c> names, from this listener's S3 (<c>https://s3.region.amazonaws.com/bucket/key</c>), or null.</summary>
    internal string? TemplateAt(string url)
    {
        var path = new Uri(url).AbsolutePath.TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && Buckets.TryGetValue(path[..slash], out var objects) && objects.TryGetValue(path[(slash + 1)..], out var bytes)
            ? Encoding.UTF8.GetString(bytes)
            : null;
    }
}

/// <summary>One call the listener answered: the service, the operation (S3: method and path), the signing access key and service, the form (query protocols) and the session token sent, if any.</summary>
internal sealed record LocalAwsCall(string Service, string Operation, string AccessKey, string SigningService, IReadOnlyDictionary<string, string> Form, string? SessionToken);
