using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Razors.Aws.EventBridge;

namespace Razors.Aws.SecretsManager;

/// <summary>
/// Secrets Manager <c>GetSecretValue</c> over AWS JSON 1.1 (<c>POST /</c>, <c>X-Amz-Target: secretsmanager.GetSecretValue</c>),
/// standing in for <c>Amazon.SecretsManager.AmazonSecretsManagerClient</c>, which is not available here.
/// </summary>
/// <remarks>
/// Reading a secret changes nothing, so a throttled or unavailable call is retried whole, with the
/// same backoff as <see cref="AmazonEventBridgeClient"/>. Other errors are thrown at once as an
/// <see cref="AmazonSecretsManagerException"/> whose message says what to check.
/// </remarks>
public sealed class AmazonSecretsManagerClient : IAmazonSecretsManager, IDisposable
{
    private const string Target = "secretsmanager.GetSecretValue";
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
    public AmazonSecretsManagerClient(HttpClient httpClient, Uri serviceUrl, ThrottlingRetryOptions? retry = null, TimeProvider? time = null)
        : this(httpClient, serviceUrl, retry, time, ownsHttpClient: false)
    {
    }

    private AmazonSecretsManagerClient(HttpClient httpClient, Uri serviceUrl, ThrottlingRetryOptions? retry, TimeProvider? time, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(serviceUrl);
        this.httpClient = httpClient;
        this.serviceUrl = serviceUrl;
        this.retry = retry ?? new ThrottlingRetryOptions();
        this.time = time ?? TimeProvider.System;
        this.ownsHttpClient = ownsHttpClient;
    }

    /// <summary>The endpoint of Secrets Manager in <paramref name="region"/>.</summary>
    public static Uri ServiceUrl(RegionEndpoint region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return new Uri($"https://secretsmanager.{region.SystemName}.amazonaws.com/");
    }

    /// <summary>A client whose requests are SigV4-signed for service <c>secretsmanager</c>.</summary>
    public static AmazonSecretsManagerClient CreateSigned(
        Uri serviceUrl, AWSCredentials credentials, RegionEndpoint region, ThrottlingRetryOptions? retry = null, TimeProvider? time = null)
    {
        // The signer's docs ask for no automatic redirects: a redirected request would carry a stale signature.
        var signing = new SigV4SigningHandler(credentials, region, "secretsmanager", new SocketsHttpHandler { AllowAutoRedirect = false });
        return new AmazonSecretsManagerClient(new HttpClient(signing), serviceUrl, retry, time, ownsHttpClient: true);
    }

    public async Task<GetSecretValueResponse> GetSecretValueAsync(GetSecretValueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.SecretId))
        {
            throw new ArgumentException("GetSecretValue needs a SecretId (the secret's ARN or name).", nameof(request));
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(request, SecretsManagerJsonContext.Default.GetSecretValueRequest);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendAsync(request.SecretId, body, cancellationToken);
            }
            catch (AmazonSecretsManagerException e) when (e.IsThrottling && attempt < retry.MaxRetries)
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

    private async Task<GetSecretValueResponse> SendAsync(string secretId, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonContentType;
        using var message = new HttpRequestMessage(HttpMethod.Post, serviceUrl) { Content = content };
        message.Headers.Add("X-Amz-Target", Target);

        using var response = await httpClient.SendAsync(message, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw ToException(secretId, response, answer);
        }

        try
        {
            return JsonSerializer.Deserialize(answer, SecretsManagerJsonContext.Default.GetSecretValueResponse)
                ?? throw new AmazonSecretsManagerException("SerializationException", $"GetSecretValue of '{secretId}' answered an empty body.", (int)response.StatusCode);
        }
        catch (JsonException e)
        {
            // The exception names the position only, never the secret's text.
            throw new AmazonSecretsManagerException("SerializationException", $"GetSecretValue of '{secretId}' answered a body that is not its JSON ({e.Path}).", (int)response.StatusCode);
        }
    }

    private static AmazonSecretsManagerException ToException(string secretId, HttpResponseMessage response, byte[] body)
    {
        var (code, message) = AwsJsonError.Read(response, body);
        var advice = code switch
        {
            "ResourceNotFoundException" => $"Secrets Manager has no secret '{secretId}' in this region (or it is scheduled for deletion); check the ARN and AWS_REGION.",
            "AccessDeniedException" => $"Not allowed to read secret '{secretId}': the caller's role needs secretsmanager:GetSecretValue on it (and kms:Decrypt on its key if that is a customer-managed key).",
            "DecryptionFailure" => $"Secrets Manager could not decrypt secret '{secretId}' with its KMS key; the caller's role needs kms:Decrypt on that key.",
            "InvalidRequestException" or "InvalidParameterException" => $"Secrets Manager refused to read secret '{secretId}' (a deleted secret, or a version or stage that does not exist).",
            "UnrecognizedClientException" or "InvalidSignatureException" or "ExpiredTokenException" => $"Secrets Manager did not accept the credentials used to read secret '{secretId}'.",
            _ => $"Reading secret '{secretId}' failed.",
        };
        return new AmazonSecretsManagerException(code, $"{advice} ({code}: {message})", (int)response.StatusCode);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(GetSecretValueRequest))]
[JsonSerializable(typeof(GetSecretValueResponse))]
internal sealed partial class SecretsManagerJsonContext : JsonSerializerContext;
