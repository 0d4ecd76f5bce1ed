using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Razors.Aws.DynamoDBStreams;

/// <summary>
/// The DynamoDB Streams API over AWS JSON 1.0 (<c>POST /</c>, <c>X-Amz-Target: DynamoDBStreams_20120810.&lt;Op&gt;</c>),
/// standing in for <c>Amazon.DynamoDBStreams.AmazonDynamoDBStreamsClient</c>, which is not available here.
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/> must sign requests (SigV4, service <c>dynamodb</c>): AWS needs it,
/// and DynamoDB Local rejects a request without an Authorization header even though it checks no
/// signature. <see cref="CreateSigned"/> builds such a client.
/// </remarks>
public sealed class AmazonDynamoDBStreamsClient : IAmazonDynamoDBStreams, IDisposable
{
    private const string TargetPrefix = "DynamoDBStreams_20120810.";
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.0");

    private readonly HttpClient httpClient;
    private readonly Uri serviceUrl;
    private readonly bool ownsHttpClient;

    /// <summary>Uses <paramref name="httpClient"/> (which signs, and which the caller disposes) for <paramref name="serviceUrl"/>.</summary>
    public AmazonDynamoDBStreamsClient(HttpClient httpClient, Uri serviceUrl)
        : this(httpClient, serviceUrl, ownsHttpClient: false)
    {
    }

    private AmazonDynamoDBStreamsClient(HttpClient httpClient, Uri serviceUrl, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(serviceUrl);
        this.httpClient = httpClient;
        this.serviceUrl = serviceUrl;
        this.ownsHttpClient = ownsHttpClient;
    }

    /// <summary>
    /// A client whose requests are SigV4-signed for service <c>dynamodb</c>. In AWS the endpoint is
    /// <c>https://streams.dynamodb.&lt;region&gt;.amazonaws.com</c>.
    /// </summary>
    public static AmazonDynamoDBStreamsClient CreateSigned(Uri serviceUrl, AWSCredentials credentials, RegionEndpoint region)
    {
        // The signer's docs ask for no automatic redirects: a redirected request would carry a stale signature.
        var signing = new SigV4SigningHandler(credentials, region, "dynamodb", new SocketsHttpHandler { AllowAutoRedirect = false });
        return new AmazonDynamoDBStreamsClient(new HttpClient(signing), serviceUrl, ownsHttpClient: true);
    }

    public Task<ListStreamsResponse> ListStreamsAsync(ListStreamsRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("ListStreams", request, StreamsJsonContext.Default.ListStreamsRequest, StreamsJsonContext.Default.ListStreamsResponse, cancellationToken);

    public Task<DescribeStreamResponse> DescribeStreamAsync(DescribeStreamRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("DescribeStream", request, StreamsJsonContext.Default.DescribeStreamRequest, StreamsJsonContext.Default.DescribeStreamResponse, cancellationToken);

    public Task<GetShardIteratorResponse> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("GetShardIterator", request, StreamsJsonContext.Default.GetShardIteratorRequest, StreamsJsonContext.Default.GetShardIteratorResponse, cancellationToken);

    public Task<GetRecordsResponse> GetRecordsAsync(GetRecordsRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("GetRecords", request, StreamsJsonContext.Default.GetRecordsRequest, StreamsJsonContext.Default.GetRecordsResponse, cancellationToken);

    public void Dispose()
    {
        if (ownsHttpClient)
        {
            httpClient.Dispose();
        }
    }

    private async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, requestType));
        content.Headers.ContentType = JsonContentType;
        using var message = new HttpRequestMessage(HttpMethod.Post, serviceUrl) { Content = content };
        message.Headers.Add("X-Amz-Target", TargetPrefix + operation);

        using var response = await httpClient.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw ToException(response, body);
        }

        return JsonSerializer.Deserialize(body, responseType)
            ?? throw new AmazonDynamoDBStreamsException("SerializationException", $"{operation} answered an empty body.", (int)response.StatusCode);
    }

    private static AmazonDynamoDBStreamsException ToException(HttpResponseMessage response, byte[] body)
    {
        var (code, message) = AwsJsonError.Read(response, body);
        return new AmazonDynamoDBStreamsException(code, message, (int)response.StatusCode);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListStreamsRequest))]
[JsonSerializable(typeof(ListStreamsResponse))]
[JsonSerializable(typeof(DescribeStreamRequest))]
[JsonSerializable(typeof(DescribeStreamResponse))]
[JsonSerializable(typeof(GetShardIteratorRequest))]
[JsonSerializable(typeof(GetShardIteratorResponse))]
[JsonSerializable(typeof(GetRecordsRequest))]
[JsonSerializable(typeof(GetRecordsResponse))]
internal sealed partial class StreamsJsonContext : JsonSerializerContext;
