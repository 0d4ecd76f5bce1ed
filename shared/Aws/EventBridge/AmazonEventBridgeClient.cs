using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Razors.Messaging.EventBridge;

namespace Razors.Aws.EventBridge;

/// <summary>
/// EventBridge <c>PutEvents</c> over AWS JSON 1.1 (<c>POST /</c>, <c>X-Amz-Target: AWSEvents.PutEvents</c>),
/// standing in for <c>Amazon.EventBridge.AmazonEventBridgeClient</c>, which is not available here.
/// </summary>
/// <remarks>
/// A throttled call is retried whole, with backoff: throttling rejects the call before any entry is
/// accepted, so nothing can be put twice. A partial failure (<c>FailedEntryCount</c> &gt; 0) is
/// returned as is; retrying only the failed entries is the caller's job.
/// </remarks>
public sealed class AmazonEventBridgeClient : IAmazonEventBridge, IDisposable
{
    /// <summary>PutEvents takes 1 to 10 entries.</summary>
    public const int MaxEntriesPerCall = 10;

    private const string Target = "AWSEvents.PutEvents";
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.1");

    private readonly HttpClient httpClient;
    private readonly Uri serviceUrl;
    private readonly ThrottlingRetryOptions retry;
    private readonly TimeProvider time;
    private readonly bool ownsHttpClient;

    /// <summary>
    /// Uses <paramref name="httpClient"/> (which signs, and which the caller disposes) for <paramref name="serviceUrl"/>;
    /// <paramref name="time"/> runs the pauses between throttled attempts.
    /// </summary>
    public AmazonEventBridgeClient(HttpClient httpClient, Uri serviceUrl, ThrottlingRetryOptions? retry = null, TimeProvider? time = null)
        : this(httpClient, serviceUrl, retry, time, ownsHttpClient: false)
    {
    }

    private AmazonEventBridgeClient(HttpClient httpClient, Uri serviceUrl, ThrottlingRetryOptions? retry, TimeProvider? time, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(serviceUrl);
        this.httpClient = httpClient;
        this.serviceUrl = serviceUrl;
        this.retry = retry ?? new ThrottlingRetryOptions();
        this.time = time ?? TimeProvider.System;
        this.ownsHttpClient = ownsHttpClient;
    }

    /// <summary>
    /// A client whose requests are SigV4-signed for service <c>events</c>. In AWS the endpoint is
    /// <c>https://events.&lt;region&gt;.amazonaws.com</c>.
    /// </summary>
    public static AmazonEventBridgeClient CreateSigned(
        Uri serviceUrl, AWSCredentials credentials, RegionEndpoint region, ThrottlingRetryOptions? retry = null, TimeProvider? time = null)
    {
        // The signer's docs ask for no automatic redirects: a redirected request would carry a stale signature.
        var signing = new SigV4SigningHandler(credentials, region, "events", new SocketsHttpHandler { AllowAutoRedirect = false });
        return new AmazonEventBridgeClient(new HttpClient(signing), serviceUrl, retry, time, ownsHttpClient: true);
    }

    public async Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var count = request.Entries?.Count ?? 0;
        if (count is < 1 or > MaxEntriesPerCall)
        {
            throw new ArgumentException($"PutEvents takes 1 to {MaxEntriesPerCall} entries; this request has {count}.", nameof(request));
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(request, EventBridgeJsonContext.Default.PutEventsRequest);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendAsync(body, cancellationToken);
            }
            catch (AmazonEventBridgeException e) when (e.IsThrottling && attempt < retry.MaxRetries)
            {
                await Task.Delay(retry.Backoff(attempt), time, cancellationToken);
            }
        }
    }

    public void Dispose()
    {
        if (ownsHttpClient)
        {
            httpClient.Dispose();
        }
    }

    private async Task<PutEventsResponse> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonContentType;
        using var message = new HttpRequestMessage(HttpMethod.Post, serviceUrl) { Content = content };
        message.Headers.Add("X-Amz-Target", Target);

        using var response = await httpClient.SendAsync(message, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw ToException(response, answer);
        }

        return JsonSerializer.Deserialize(answer, EventBridgeJsonContext.Default.PutEventsResponse)
            ?? throw new AmazonEventBridgeException("SerializationException", "PutEvents answered an empty body.", (int)response.StatusCode);
    }

    private static AmazonEventBridgeException ToException(HttpResponseMessage response, byte[] body)
    {
        var (code, message) = AwsJsonError.Read(response, body);
        return new AmazonEventBridgeException(code, message, (int)response.StatusCode);
    }
}

/// <summary>AWS JSON 1.1 sends timestamps as epoch seconds.</summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTime.UnixEpoch.AddSeconds(reader.GetDouble());

    // EventBridge keeps an event's time to the second. An unspecified kind is taken as UTC, since
    // the machine's zone is not a property of the event.
    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        writer.WriteNumberValue(new DateTimeOffset(utc).ToUnixTimeSeconds());
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(PutEventsRequest))]
[JsonSerializable(typeof(PutEventsResponse))]
internal sealed partial class EventBridgeJsonContext : JsonSerializerContext;
