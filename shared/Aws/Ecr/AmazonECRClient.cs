using System.Text.Json.Serialization;
using Amazon;
using Amazon.Runtime;

namespace Razors.Aws.Ecr;

/// <summary>
/// Amazon ECR's <c>GetAuthorizationToken</c>, <c>DescribeRepositories</c> and <c>CreateRepository</c> over
/// AWS JSON 1.1 (<c>POST /</c>, <c>X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.&lt;operation&gt;</c>),
/// standing in for <c>Amazon.ECR.AmazonECRClient</c>, which is not available here.
/// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/Welcome.html
/// </summary>
/// <remarks>
/// A throttled or unavailable call is retried whole, with the backoff of the other clients: ECR
/// refuses it before doing anything, so even <c>CreateRepository</c> cannot happen twice. Other
/// errors are thrown at once as an <see cref="AmazonECRException"/> whose message says what to check.
/// </remarks>
public sealed class AmazonECRClient : IAmazonECR, IDisposable
{
    private const string TargetPrefix = "AmazonEC2ContainerRegistry_V20150921.";

    private readonly AwsJsonClient client;
    private readonly ThrottlingRetryOptions retry;
    private readonly TimeProvider time;

    /// <summary>
    /// Uses <paramref name="httpClient"/> (which signs, and which the caller disposes) for <paramref name="serviceUrl"/>;
    /// <paramref name="time"/> runs the pauses between throttled attempts.
    /// </summary>
    public AmazonECRClient(HttpClient httpClient, Uri serviceUrl, ThrottlingRetryOptions? retry = null, TimeProvider? time = null)
        : this(new AwsJsonClient(httpClient, serviceUrl, "1.1", ownsHttpClient: false), retry, time)
    {
    }

    private AmazonECRClient(AwsJsonClient client, ThrottlingRetryOptions? retry, TimeProvider? time)
    {
        this.client = client;
        this.retry = retry ?? new ThrottlingRetryOptions();
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The endpoint of the ECR API in <paramref name="region"/> (not the registry's <c>dkr</c> host).</summary>
    public static Uri ServiceUrl(RegionEndpoint region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return new Uri($"https://api.ecr.{region.SystemName}.amazonaws.com/");
    }

    /// <summary>A client whose requests are SigV4-signed for service <c>ecr</c>.</summary>
    public static AmazonECRClient CreateSigned(
        Uri serviceUrl, AWSCredentials credentials, RegionEndpoint region, ThrottlingRetryOptions? retry = null, TimeProvider? time = null) =>
        new(new AwsJsonClient(AwsSignedHttpClient.Create(credentials, region, "ecr"), serviceUrl, "1.1", ownsHttpClient: true), retry, time);

    public Task<GetAuthorizationTokenResponse> GetAuthorizationTokenAsync(GetAuthorizationTokenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return client.InvokeRetryingThrottlesAsync(
            TargetPrefix + "GetAuthorizationToken", request,
            EcrJsonContext.Default.GetAuthorizationTokenRequest, EcrJsonContext.Default.GetAuthorizationTokenResponse,
            static (code, message, status) => ToException("Getting an ECR authorization token", "ecr:GetAuthorizationToken", code, message, status),
            retry, time, cancellationToken);
    }

    public Task<DescribeRepositoriesResponse> DescribeRepositoriesAsync(DescribeRepositoriesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var names = request.RepositoryNames is { Count: > 0 } list ? string.Join(", ", list) : "the registry's repositories";
        return client.InvokeRetryingThrottlesAsync(
            TargetPrefix + "DescribeRepositories", request,
            EcrJsonContext.Default.DescribeRepositoriesRequest, EcrJsonContext.Default.DescribeRepositoriesResponse,
            (code, message, status) => ToException($"Describing ECR repository {names}", "ecr:DescribeRepositories", code, message, status),
            retry, time, cancellationToken);
    }

    public Task<CreateRepositoryResponse> CreateRepositoryAsync(CreateRepositoryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.RepositoryName))
        {
            throw new ArgumentException("CreateRepository needs a RepositoryName.", nameof(request));
        }

        var name = request.RepositoryName;
        return client.InvokeRetryingThrottlesAsync(
            TargetPrefix + "CreateRepository", request,
            EcrJsonContext.Default.CreateRepositoryRequest, EcrJsonContext.Default.CreateRepositoryResponse,
            (code, message, status) => ToException($"Creating ECR repository {name}", "ecr:CreateRepository", code, message, status),
            retry, time, cancellationToken);
    }

    public void Dispose() => client.Dispose();

    // Error codes: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/CommonErrors.html and each operation's "Errors".
    private static AmazonECRException ToException(string what, string permission, string code, string message, int status)
    {
        var advice = code switch
        {
            "RepositoryNotFoundException" => $"{what}: the repository does not exist in this registry and region.",
            "RepositoryAlreadyExistsException" => $"{what}: the repository exists already.",
            "AccessDeniedException" => $"{what} was not allowed: the caller needs {permission}.",
            "LimitExceededException" => $"{what}: the registry is at a service quota (repositories per region, say).",
            "InvalidParameterException" or "InvalidTagParameterException" or "ValidationException" => $"{what}: ECR refused a parameter.",
            "UnrecognizedClientException" or "InvalidSignatureException" or "ExpiredTokenException" or "MissingAuthenticationTokenException"
                => $"{what}: ECR did not accept the credentials; refresh them (and check AWS_REGION).",
            _ => $"{what} failed.",
        };
        var text = $"{advice} ({code}: {message})";
        return code switch
        {
            "RepositoryNotFoundException" => new RepositoryNotFoundException(text, status),
            "RepositoryAlreadyExistsException" => new RepositoryAlreadyExistsException(text, status),
            _ => new AmazonECRException(code, text, status),
        };
    }
}

// ECR's JSON names are camelCase (repositoryNames, scanOnPush, expiresAt), unlike Secrets Manager's.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(GetAuthorizationTokenRequest))]
[JsonSerializable(typeof(GetAuthorizationTokenResponse))]
[JsonSerializable(typeof(DescribeRepositoriesRequest))]
[JsonSerializable(typeof(DescribeRepositoriesResponse))]
[JsonSerializable(typeof(CreateRepositoryRequest))]
[JsonSerializable(typeof(CreateRepositoryResponse))]
internal sealed partial class EcrJsonContext : JsonSerializerContext;
