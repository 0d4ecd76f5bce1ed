using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;

namespace Razors.Cli.Deploy;

/// <summary>S3 clients for asset publishing: one per region and role to publish as.</summary>
internal interface IS3ClientFactory
{
    /// <summary>A client for <paramref name="region"/> signing with the credentials of <paramref name="roleArn"/> (assumed, with <paramref name="externalId"/> when given), or with the base credentials when no role is given.</summary>
    IAmazonS3 For(string region, string? roleArn, string? externalId);
}

/// <summary>
/// Clients over base credentials, assuming each destination's publishing role with STS
/// <c>AssumeRole</c> (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
/// With <paramref name="endpointUrl"/>, S3 (path-style) and STS both go to that endpoint.
/// </summary>
internal sealed class AwsS3ClientFactory(AWSCredentials credentials, Uri? endpointUrl = null, TimeProvider? time = null) : IS3ClientFactory, IDisposable
{
    private readonly ConcurrentDictionary<(string Region, string? RoleArn, string? ExternalId), AmazonS3Client> clients = new();
    private readonly ConcurrentDictionary<string, AmazonSecurityTokenServiceClient> sts = new(StringComparer.Ordinal);
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public IAmazonS3 For(string region, string? roleArn, string? externalId)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        return clients.GetOrAdd((region, roleArn, externalId), key =>
        {
            var signing = key.RoleArn is null
                ? credentials
                : new AssumedRoleCredentials(Sts(key.Region), key.RoleArn, key.ExternalId, clock);
            var config = new AmazonS3Config();
            Configure(config, key.Region);
            config.ForcePathStyle = endpointUrl is not null;
            return new AmazonS3Client(signing, config);
        });
    }

    public void Dispose()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        foreach (var client in sts.Values)
        {
            client.Dispose();
        }
    }

    private AmazonSecurityTokenServiceClient Sts(string region) => sts.GetOrAdd(region, r =>
    {
        var config = new AmazonSecurityTokenServiceConfig();
        Configure(config, r);
        return new AmazonSecurityTokenServiceClient(credentials, config);
    });

    private void Configure(ClientConfig config, string region)
    {
        if (endpointUrl is not null)
        {
            config.ServiceURL = endpointUrl.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            // The regional STS endpoint: the role's credentials are then valid in every region, and
            // opt-in regions need it (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_region-endpoints.html).
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
    }
}
