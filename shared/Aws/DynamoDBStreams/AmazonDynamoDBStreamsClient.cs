using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Amazon;
using Amazon.Runtime;

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

    private readonly AwsJsonClient client;

    /// <summary>Uses <paramref name="httpClient"/> (which signs, and which the caller disposes) for <paramref name="serviceUrl"/>.</summary>
    public AmazonDynamoDBStreamsClient(HttpClient httpClient, Uri serviceUrl)
        : this(new AwsJsonClient(httpClient, serviceUrl, "1.0", ownsHttpClient: false))
    {
    }

    private AmazonDynamoDBStreamsClient(AwsJsonClient client) => this.client = client;

    /// <summary>
    /// A client whose requests are SigV4-signed for service <c>dynamodb</c>. In AWS the endpoint is
    /// <c>https://streams.dynamodb.&lt;region&gt;.amazonaws.com</c>.
    /// </summary>
    public static AmazonDynamoDBStreamsClient CreateSigned(Uri serviceUrl, AWSCredentials credentials, RegionEndpoint region) =>
        new(new AwsJsonClient(AwsSignedHttpClient.Create(credentials, region, "dynamodb"), serviceUrl, "1.0", ownsHttpClient: true));

    public Task<ListStreamsResponse> ListStreamsAsync(ListStreamsRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("ListStreams", request, StreamsJsonContext.Default.ListStreamsRequest, StreamsJsonContext.Default.ListStreamsResponse, cancellationToken);

    public Task<DescribeStreamResponse> DescribeStreamAsync(DescribeStreamRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("DescribeStream", request, StreamsJsonContext.Default.DescribeStreamRequest, StreamsJsonContext.Default.DescribeStreamResponse, cancellationToken);

    public Task<GetShardIteratorResponse> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("GetShardIterator", request, StreamsJsonContext.Default.GetShardIteratorRequest, StreamsJsonContext.Default.GetShardIteratorResponse, cancellationToken);

    public Task<GetRecordsResponse> GetRecordsAsync(GetRecordsRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("GetRecords", request, StreamsJsonContext.Default.GetRecordsRequest, StreamsJsonContext.Default.GetRecordsResponse, cancellationToken);

    public void Dispose() => client.Dispose();

    private Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return client.InvokeAsync(
            TargetPrefix + operation, request, requestType, responseType,
            static (code, message, status) => new AmazonDynamoDBStreamsException(code, message, status),
            cancellationToken);
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
