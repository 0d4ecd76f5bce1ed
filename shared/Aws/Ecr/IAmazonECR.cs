namespace Razors.Aws.Ecr;

/// <summary>
/// The part of Amazon ECR that <c>razors</c> uses to push the payments worker image, named as in
/// <c>Amazon.ECR</c> (not available here) so that package can replace <see cref="AmazonECRClient"/>
/// without touching callers.
/// </summary>
public interface IAmazonECR
{
    /// <summary>A token for the registry's Docker API (<c>docker login</c>), valid for 12 hours.</summary>
    Task<GetAuthorizationTokenResponse> GetAuthorizationTokenAsync(GetAuthorizationTokenRequest request, CancellationToken cancellationToken = default);

    /// <summary>Throws <see cref="RepositoryNotFoundException"/> when a named repository does not exist.</summary>
    Task<DescribeRepositoriesResponse> DescribeRepositoriesAsync(DescribeRepositoriesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Throws <see cref="RepositoryAlreadyExistsException"/> when the repository exists.</summary>
    Task<CreateRepositoryResponse> CreateRepositoryAsync(CreateRepositoryRequest request, CancellationToken cancellationToken = default);
}

/// <summary>The values of <see cref="CreateRepositoryRequest.ImageTagMutability"/>.</summary>
public static class ImageTagMutability
{
    public const string MUTABLE = "MUTABLE";

    /// <summary>A pushed tag cannot be pushed again with other contents.</summary>
    public const string IMMUTABLE = "IMMUTABLE";
}

/// <summary>The values of <see cref="EncryptionConfiguration.EncryptionType"/>.</summary>
public static class EncryptionType
{
    /// <summary>Amazon S3-managed keys.</summary>
    public const string AES256 = "AES256";

    public const string KMS = "KMS";
}

public sealed class GetAuthorizationTokenRequest
{
    /// <summary>Deprecated by AWS: the token works for every registry the caller may use; omitted when null.</summary>
    public List<string>? RegistryIds { get; set; }
}

public sealed class GetAuthorizationTokenResponse
{
    public List<AuthorizationData> AuthorizationData { get; set; } = [];
}

public sealed class AuthorizationData
{
    /// <summary>Base64 of <c>user:password</c>; the user is <c>AWS</c>.</summary>
    public string? AuthorizationToken { get; set; }

    /// <summary>Epoch seconds on the wire (with milliseconds); UTC here.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>For example <c>https://123456789012.dkr.ecr.eu-west-1.amazonaws.com</c>.</summary>
    public string? ProxyEndpoint { get; set; }
}

public sealed class DescribeRepositoriesRequest
{
    /// <summary>The account of the registry; the caller's when null.</summary>
    public string? RegistryId { get; set; }

    /// <summary>The repositories to describe; every repository of the registry when null.</summary>
    public List<string>? RepositoryNames { get; set; }

    public string? NextToken { get; set; }

    public int? MaxResults { get; set; }
}

public sealed class DescribeRepositoriesResponse
{
    public List<Repository> Repositories { get; set; } = [];

    public string? NextToken { get; set; }
}

public sealed class CreateRepositoryRequest
{
    public string? RegistryId { get; set; }

    public string? RepositoryName { get; set; }

    /// <summary><see cref="Ecr.ImageTagMutability"/>; ECR takes <c>MUTABLE</c> when null.</summary>
    public string? ImageTagMutability { get; set; }

    public ImageScanningConfiguration? ImageScanningConfiguration { get; set; }

    public EncryptionConfiguration? EncryptionConfiguration { get; set; }
}

public sealed class CreateRepositoryResponse
{
    public Repository? Repository { get; set; }
}

public sealed class Repository
{
    public string? RegistryId { get; set; }

    public string? RepositoryName { get; set; }

    public string? RepositoryArn { get; set; }

    /// <summary>For example <c>123456789012.dkr.ecr.eu-west-1.amazonaws.com/razors-payments-worker</c>.</summary>
    public string? RepositoryUri { get; set; }

    public DateTime? CreatedAt { get; set; }

    public string? ImageTagMutability { get; set; }

    public ImageScanningConfiguration? ImageScanningConfiguration { get; set; }

    public EncryptionConfiguration? EncryptionConfiguration { get; set; }
}

public sealed class ImageScanningConfiguration
{
    public bool ScanOnPush { get; set; }
}

public sealed class EncryptionConfiguration
{
    /// <summary><see cref="Ecr.EncryptionType"/>.</summary>
    public string? EncryptionType { get; set; }

    /// <summary>The KMS key of <see cref="Ecr.EncryptionType.KMS"/>; null for AES256.</summary>
    public string? KmsKey { get; set; }
}
