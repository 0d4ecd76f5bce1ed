using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Amazon.SimpleSystemsManagement;
using Razors.Aws.CloudFormation;
using Razors.Aws.Ecr;

namespace Razors.Cli.Deploy;

/// <summary>
/// The caller's credentials and region for <c>razors deploy|diff|destroy|bootstrap</c>, resolved as
/// the AWS CLI does (<c>--profile</c>/<c>--region</c>, then <c>AWS_PROFILE</c>, <c>AWS_REGION</c>,
/// <c>AWS_ACCESS_KEY_ID</c>… and the files in <c>~/.aws</c>), and the clients built from them. With
/// an endpoint URL every service (STS, S3, SSM, CloudFormation) is called there instead of AWS.
/// </summary>
internal sealed class AwsSession : IDisposable
{
    private readonly ConcurrentDictionary<(string Role, string? ExternalId), Task<AWSCredentials>> roles = new();
    private readonly List<IDisposable> clients = [];
    private readonly TextWriter log;

    private AwsSession(AWSCredentials credentials, RegionEndpoint region, Uri? endpointUrl, TextWriter log)
    {
        Credentials = credentials;
        Region = region;
        EndpointUrl = endpointUrl;
        this.log = log;
    }

    public AWSCredentials Credentials { get; }

    public RegionEndpoint Region { get; }

    public Uri? EndpointUrl { get; }

    /// <summary>Resolves credentials and region; what is missing is thrown as a <see cref="DeployException"/> that says where it was looked for.</summary>
    public static AwsSession Create(string? profile, string? region, Uri? endpointUrl, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var chain = new CredentialProfileStoreChain();
        AWSCredentials credentials;
        string? profileRegion = null;
        if (profile is not null)
        {
            if (!chain.TryGetProfile(profile, out var found) || !chain.TryGetAWSCredentials(profile, out credentials))
            {
                throw new DeployException($"--profile '{profile}': there is no such profile with credentials in the AWS config or credentials file.");
            }

            profileRegion = found.Region?.SystemName;
        }
        else
        {
            try
            {
                credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
            }
            catch (AmazonClientException e)
            {
                throw new DeployException(
                    $"No AWS credentials found ({e.Message}). Give --profile NAME, or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or sign in with `aws sso login`.");
            }
        }

        var name = region ?? profileRegion ?? FallbackRegion();
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DeployException("No AWS region: give --region (for example --region eu-west-1), or set AWS_REGION, or a region in the profile.");
        }

        var endpoint = RegionEndpoint.GetBySystemName(name);
        if (endpointUrl is null && endpoint.DisplayName == "Unknown")
        {
            throw new DeployException($"--region '{name}' is not an AWS region this SDK knows; use for example eu-west-1.");
        }

        return new AwsSession(credentials, endpoint, endpointUrl, log);
    }

    /// <summary>The partition of the session's region: <c>aws</c>, <c>aws-cn</c> or <c>aws-us-gov</c>.</summary>
    public string Partition => AwsPlaceholders.Partition(Region.SystemName);

    /// <summary>The account the credentials belong to (STS <c>GetCallerIdentity</c>).</summary>
    public async Task<string> AccountAsync(CancellationToken cancellationToken)
    {
        using var sts = Sts(Credentials);
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken);
        return identity.Account;
    }

    /// <summary>
    /// Credentials of <paramref name="roleArn"/> (<see cref="AssumedRoleCredentials"/>, one per role), as the CDK CLI
    /// takes the bootstrap's deploy role. A role that cannot be assumed (not bootstrapped, no trust)
    /// falls back to the caller's own credentials with a warning, as the CDK CLI does.
    /// </summary>
    public Task<AWSCredentials> RoleAsync(string? roleArn, string? externalId, CancellationToken cancellationToken) =>
        roleArn is null
            ? Task.FromResult(Credentials)
            : roles.GetOrAdd((roleArn, externalId), key => AssumeOrFallBackAsync(key.Role, key.ExternalId, cancellationToken));

    public IAmazonCloudFormation CloudFormation(AWSCredentials credentials) =>
        Track(AmazonCloudFormationClient.CreateSigned(EndpointUrl ?? AmazonCloudFormationClient.ServiceUrl(Region), credentials, Region));

    public IAmazonSimpleSystemsManagement Ssm(AWSCredentials credentials)
    {
        var config = new AmazonSimpleSystemsManagementConfig();
        Configure(config);
        return Track(new AmazonSimpleSystemsManagementClient(credentials, config));
    }

    public IAmazonECR Ecr() =>
        Track(AmazonECRClient.CreateSigned(EndpointUrl ?? AmazonECRClient.ServiceUrl(Region), Credentials, Region));

    public IS3ClientFactory S3() => Track(new AwsS3ClientFactory(Credentials, EndpointUrl));

    public void Dispose()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private static string? FallbackRegion()
    {
        try
        {
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }

    private async Task<AWSCredentials> AssumeOrFallBackAsync(string roleArn, string? externalId, CancellationToken cancellationToken)
    {
        var assumed = new AssumedRoleCredentials(Track(Sts(Credentials)), roleArn, externalId, TimeProvider.System);
        try
        {
            // Assumed once now, so that a role that cannot be taken is known before anything is sent.
            await assumed.GetCredentialsAsync().WaitAsync(cancellationToken);
            return assumed;
        }
        catch (AmazonSecurityTokenServiceException e) when (e.StatusCode is System.Net.HttpStatusCode.Forbidden || e.ErrorCode == "AccessDenied")
        {
            await log.WriteLineAsync($"warning: cannot assume {roleArn} ({e.Message}); using the caller's own credentials. Is the account bootstrapped (razors bootstrap)?");
            return Credentials;
        }
    }

    private AmazonSecurityTokenServiceClient Sts(AWSCredentials credentials)
    {
        var config = new AmazonSecurityTokenServiceConfig();
        Configure(config);
        return new AmazonSecurityTokenServiceClient(credentials, config);
    }

    private void Configure(ClientConfig config)
    {
        if (EndpointUrl is not null)
        {
            config.ServiceURL = EndpointUrl.ToString();
            config.AuthenticationRegion = Region.SystemName;
        }
        else
        {
            config.RegionEndpoint = Region;
        }
    }

    private T Track<T>(T client)
        where T : class
    {
        if (client is IDisposable disposable)
        {
            clients.Add(disposable);
        }

        return client;
    }
}
