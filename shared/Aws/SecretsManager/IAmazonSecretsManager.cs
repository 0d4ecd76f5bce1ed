using System.Text.Json.Serialization;

namespace Razors.Aws.SecretsManager;

/// <summary>
/// The part of Secrets Manager Razors uses, named as in <c>Amazon.SecretsManager</c> (not available
/// here) so that package can replace <see cref="AmazonSecretsManagerClient"/> without touching callers.
/// </summary>
public interface IAmazonSecretsManager
{
    Task<GetSecretValueResponse> GetSecretValueAsync(GetSecretValueRequest request, CancellationToken cancellationToken = default);
}

public sealed class GetSecretValueRequest
{
    /// <summary>The secret's ARN or name.</summary>
    public string? SecretId { get; set; }

    public string? VersionId { get; set; }

    /// <summary>Secrets Manager answers <c>AWSCURRENT</c> when neither this nor <see cref="VersionId"/> is set.</summary>
    public string? VersionStage { get; set; }
}

public sealed class GetSecretValueResponse
{
    [JsonPropertyName("ARN")] public string? ARN { get; set; }

    public string? Name { get; set; }

    public string? VersionId { get; set; }

    /// <summary>The secret as text; null when it was stored as <see cref="SecretBinary"/>.</summary>
    public string? SecretString { get; set; }

    /// <summary>Base64 on the wire; the bytes here.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819", Justification = "A wire-format DTO.")]
    public byte[]? SecretBinary { get; set; }

    public List<string> VersionStages { get; set; } = [];

    public DateTime? CreatedDate { get; set; }
}
