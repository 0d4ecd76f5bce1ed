using System.Text.Json.Serialization;
using Amazon;
using Amazon.Runtime;

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
public sealed class AmazonEventBridgeClient : IEventPublisher, IDisposable
{
    /// <summary>PutEvents takes 1 to 10 entries.</summary>
    public const int MaxEntriesPerCall = 10;

    private const string Target = "AWSEvents.PutEvents";

    private readonly AwsJsonClient client;
    private readonly ThrottlingRetryOptions retry;
    private readonly TimeProvider time;

    /// <summary>
    /// Uses <paramref name="httpClient"/> (which signs, and which the caller disposes) for <paramref name="serviceUrl"/>;
    /// <paramref name="time"/> runs the pauses between throttled attempts.
    /// </summary>
    public AmazonEventBridgeClient(HttpClient httpClient, Uri serviceUrl, ThrottlingRetryOptions? retry = null, TimeProvider? time = null)
        : this(new AwsJsonClient(httpClient, serviceUrl, "1.1", ownsHttpClient: false), retry, time)
    {
    }

    private AmazonEventBridgeClient(AwsJsonClient client, ThrottlingRetryOptions? retry, TimeProvider? time)
    {
        this.client = client;
        this.retry = retry ?? new ThrottlingRetryOptions();
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// A client whose requests are SigV4-signed for service <c>events</c>. In AWS the endpoint is
    /// <c>https://events.&lt;region&gt;.amazonaws.com</c>.
    /// </summary>
    public static AmazonEventBridgeClient CreateSigned(
        Uri serviceUrl, AWSCredentials credentials, RegionEndpoint region, ThrottlingRetryOptions? retry = null, TimeProvider? time = null) =>
        new(new AwsJsonClient(AwsSignedHttpClient.Create(credentials, region, "events"), serviceUrl, "1.1", ownsHttpClient: true), retry, time);

    public Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var count = request.Entries?.Count ?? 0;
        if (count is < 1 or > MaxEntriesPerCall)
        {
            throw new ArgumentException($"PutEvents takes 1 to {MaxEntriesPerCall} entries; this request has {count}.", nameof(request));
        }

        return client.InvokeRetryingThrottlesAsync(
            Target, request, EventBridgeJsonContext.Default.PutEventsRequest, EventBridgeJsonContext.Default.PutEventsResponse,
            static (code, message, status) => new AmazonEventBridgeException(code, message, status),
            retry, time, cancellationToken);
    }

    public void Dispose() => client.Dispose();
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(PutEventsRequest))]
[JsonSerializable(typeof(PutEventsResponse))]
internal sealed partial class EventBridgeJsonContext : JsonSerializerContext;
