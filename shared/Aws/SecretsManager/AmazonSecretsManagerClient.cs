using System.Text.Json.Serialization;
using Amazon;
using Amazon.Runtime;

namespace Razors.Aws.SecretsManager;

/// <summary>
/// Secrets Manager <c>GetSecretValue</c> over AWS JSON 1.1 (<c>POST /</c>, <c>X-Amz-Target: secretsmanager.GetSecretValue</c>),
/// standing in for <c>Amazon.SecretsManager.AmazonSecretsManagerClient</c>, which is not available here.
/// </summary>
/// <remarks>
/// Reading a secret changes nothing, so a throttled or unavailable call is retried whole, with the
/// same backoff as <see cref="EventBridge.AmazonEventBridgeClient"/>. Other errors are thrown at once as an
/// <see cref="AmazonSecretsManagerException"/> whose message says what to check.
/// </remarks>
public sealed class AmazonSecretsManagerClient : IAmazonSecretsManager, IDisposable
{
    private const string Target = "secretsmanager.GetSecretValue";

    private readonly AwsJsonClient client;
    private readonly ThrottlingRetryOptions retry;
    private readonly TimeProvider time;

    /// <summary>
    /// Uses <paramref name="httpClient"/> (which signs, and which the caller disposes) for <paramref name="serviceUrl"/>;
    /// <paramref name="time"/> runs the pauses between throttled attempts.
    /// </summary>
    public AmazonSecretsManagerClient(HttpClient httpClient, Uri serviceUrl, ThrottlingRetryOptions? retry = null, TimeProvider? time = null)
        : this(new AwsJsonClient(httpClient, serviceUrl, "1.1", ownsHttpClient: false), retry, time)
    {
    }

    private AmazonSecretsManagerClient(AwsJsonClient client, ThrottlingRetryOptions? retry, TimeProvider? time)
    {
        this.client = client;
        this.retry = retry ?? new ThrottlingRetryOptions();
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The endpoint of Secrets Manager in <paramref name="region"/>.</summary>
    public static Uri ServiceUrl(RegionEndpoint region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return new Uri($"https://secretsmanager.{region.SystemName}.amazonaws.com/");
    }

    /// <summary>A client whose requests are SigV4-signed for service <c>secretsmanager</c>.</summary>
    public static AmazonSecretsManagerClient CreateSigned(
        Uri serviceUrl, AWSCredentials credentials, RegionEndpoint region, ThrottlingRetryOptions? retry = null, TimeProvider? time = null) =>
        new(new AwsJsonClient(AwsSignedHttpClient.Create(credentials, region, "secretsmanager"), serviceUrl, "1.1", ownsHttpClient: true), retry, time);

    public Task<GetSecretValueResponse> GetSecretValueAsync(GetSecretValueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.SecretId))
        {
            throw new ArgumentException("GetSecretValue needs a SecretId (the secret's ARN or name).", nameof(request));
        }

        var secretId = request.SecretId;
        return client.InvokeRetryingThrottlesAsync(
            Target, request, SecretsManagerJsonContext.Default.GetSecretValueRequest, SecretsManagerJsonContext.Default.GetSecretValueResponse,
            (code, message, status) => ToException(secretId, code, message, status),
            retry, time, cancellationToken);
    }

    public void Dispose() => client.Dispose();

    private static AmazonSecretsManagerException ToException(string secretId, string code, string message, int status)
    {
        var advice = code switch
        {
            "ResourceNotFoundException" => $"Secrets Manager has no secret '{secretId}' in this region (or it is scheduled for deletion); check the ARN and AWS_REGION.",
            "AccessDeniedException" => $"Not allowed to read secret '{secretId}': the caller's role needs secretsmanager:GetSecretValue on it (and kms:Decrypt on its key if that is a customer-managed key).",
            "DecryptionFailure" => $"Secrets Manager could not decrypt secret '{secretId}' with its KMS key; the caller's role needs kms:Decrypt on that key.",
            "InvalidRequestException" or "InvalidParameterException" => $"Secrets Manager refused to read secret '{secretId}' (a deleted secret, or a version or stage that does not exist).",
            "UnrecognizedClientException" or "InvalidSignatureException" or "ExpiredTokenException" => $"Secrets Manager did not accept the credentials used to read secret '{secretId}'.",
            _ => $"Reading secret '{secretId}' failed.",
        };
        return new AmazonSecretsManagerException(code, $"{advice} ({code}: {message})", status);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(GetSecretValueRequest))]
[JsonSerializable(typeof(GetSecretValueResponse))]
internal sealed partial class SecretsManagerJsonContext : JsonSerializerContext;
