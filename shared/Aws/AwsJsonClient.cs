using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Razors.Aws;

/// <summary>
/// The wire of AWS's JSON protocols, shared by the hand-written clients: <c>POST /</c> with
/// <c>X-Amz-Target</c> and <c>application/x-amz-json-1.0|1.1</c>, signed by the
/// <see cref="HttpClient"/>'s handler; an error answer becomes the client's own exception type.
/// </summary>
internal sealed class AwsJsonClient : IDisposable
{
    private readonly HttpClient httpClient;
    private readonly Uri serviceUrl;
    private readonly MediaTypeHeaderValue contentType;
    private readonly bool ownsHttpClient;

    /// <summary>
    /// Calls <paramref name="serviceUrl"/> through <paramref name="httpClient"/> (disposed with this
    /// client when <paramref name="ownsHttpClient"/>) in AWS JSON <paramref name="protocolVersion"/>:
    /// <c>1.0</c> (DynamoDB Streams) or <c>1.1</c> (EventBridge, Secrets Manager).
    /// </summary>
    public AwsJsonClient(HttpClient httpClient, Uri serviceUrl, string protocolVersion, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(serviceUrl);
        this.httpClient = httpClient;
        this.serviceUrl = serviceUrl;
        contentType = new MediaTypeHeaderValue($"application/x-amz-json-{protocolVersion}");
        this.ownsHttpClient = ownsHttpClient;
    }

    /// <summary>
    /// Sends one call. A non-2xx answer is thrown as <paramref name="error"/>(code, message, status);
    /// an answer that is not the response's JSON too, naming only the position (never the body,
    /// which may hold a secret).
    /// </summary>
    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string target,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        Func<string, string, int, AwsServiceException> error,
        CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, requestType));
        content.Headers.ContentType = contentType;
        using var message = new HttpRequestMessage(HttpMethod.Post, serviceUrl) { Content = content };
        message.Headers.Add("X-Amz-Target", target);

        using var response = await httpClient.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            var (code, text) = AwsJsonError.Read(response, body);
            throw error(code, text, status);
        }

        try
        {
            return JsonSerializer.Deserialize(body, responseType)
                ?? throw error("SerializationException", $"{target} answered an empty body.", status);
        }
        catch (JsonException e)
        {
            throw error("SerializationException", $"{target} answered a body that is not its JSON ({e.Path}).", status);
        }
    }

    /// <summary>
    /// <see cref="InvokeAsync"/>, sent again after a jittered pause while the service throttles
    /// (<see cref="AwsServiceException.IsThrottling"/>), up to <see cref="ThrottlingRetryOptions.MaxRetries"/> times.
    /// Only for calls that a refusal leaves undone: a throttled call was rejected before anything happened.
    /// </summary>
    public async Task<TResponse> InvokeRetryingThrottlesAsync<TRequest, TResponse>(
        string target,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        Func<string, string, int, AwsServiceException> error,
        ThrottlingRetryOptions retry,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await InvokeAsync(target, request, requestType, responseType, error, cancellationToken);
            }
            catch (AwsServiceException e) when (e.IsThrottling && attempt < retry.MaxRetries)
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
}
