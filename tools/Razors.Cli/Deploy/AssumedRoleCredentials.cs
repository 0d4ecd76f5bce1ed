using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Razors.Cli.Deploy;

/// <summary>
/// A role's temporary credentials (STS <c>AssumeRole</c>,
/// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html), assumed again shortly
/// before they expire: a deploy that follows a slow stack can outlast the default hour. Every
/// role <c>razors deploy</c> takes (the deploy role, the file-publishing role) is taken this way.
/// </summary>
internal sealed class AssumedRoleCredentials : RefreshingAWSCredentials
{
    /// <summary>How long before they expire the credentials are assumed again.</summary>
    public static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromMinutes(5);

    private readonly string sessionName;
    private readonly IAmazonSecurityTokenService sts;
    private readonly string roleArn;
    private readonly string? externalId;
    private readonly TimeProvider clock;

    public AssumedRoleCredentials(IAmazonSecurityTokenService sts, string roleArn, string? externalId, TimeProvider clock)
    {
        this.sts = sts;
        this.roleArn = roleArn;
        this.externalId = externalId;
        this.clock = clock;
        sessionName = $"razors-deploy-{clock.GetUtcNow().ToUnixTimeSeconds()}";
        PreemptExpiryTime = RenewBeforeExpiry;
    }

    protected override CredentialsRefreshState GenerateNewCredentials() => GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, ExternalId = externalId, RoleSessionName = sessionName });
        var assumed = response.Credentials;
        return new CredentialsRefreshState(
            new ImmutableCredentials(assumed.AccessKeyId, assumed.SecretAccessKey, assumed.SessionToken),
            assumed.Expiration?.ToUniversalTime() ?? clock.GetUtcNow().UtcDateTime.AddMinutes(15));
    }
}
