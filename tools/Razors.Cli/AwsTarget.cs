using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;
using Amazon.SQS;
using Razors.Topology;

namespace Razors.Cli;

/// <summary>
/// Where <c>--aws</c> commands go: a region and credentials resolved the way the AWS CLI does
/// (options first, then <c>AWS_REGION</c>/<c>AWS_PROFILE</c>/<c>AWS_ACCESS_KEY_ID</c>…, then the
/// profile files), or a compatible endpoint such as fauxqs for SQS.
/// </summary>
internal sealed record AwsTarget(string? Region, string? Profile, Uri? EndpointUrl)
{
    /// <summary>Runs <paramref name="command"/> against the topology's dead-letter queues; AWS errors become one line and exit code 1.</summary>
    public async Task<int> RunAsync(Func<AwsDeadLetterQueues, Task<int>> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            using var sqs = CreateSqsClient();
            return await command(new AwsDeadLetterQueues(sqs, new DeadLetterQueueCatalog(RazorsTopology.Build()), Console.Out, Console.Error));
        }
        catch (AmazonServiceException e)
        {
            await Console.Error.WriteLineAsync($"razors: AWS SQS refused: {e.ErrorCode}: {e.Message}");
        }
        catch (AmazonClientException e)
        {
            // Missing region or credentials end here, with the SDK naming what it looked for.
            await Console.Error.WriteLineAsync($"razors: cannot call AWS SQS: {e.Message} (see --region, --profile, AWS_REGION, AWS_PROFILE).");
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"razors: cannot reach SQS{(EndpointUrl is null ? "" : $" at {EndpointUrl}")}: {e.Message}");
        }

        return 1;
    }

    /// <summary>An S3 client for this target; with an endpoint, path-style addressing (<c>http://host/bucket/key</c>), as S3-compatible servers expect.</summary>
    public AmazonS3Client CreateS3Client()
    {
        var config = new AmazonS3Config();
        Configure(config);
        config.ForcePathStyle = EndpointUrl is not null;
        return new AmazonS3Client(config);
    }

    private AmazonSQSClient CreateSqsClient()
    {
        var config = new AmazonSQSConfig();
        Configure(config);
        return new AmazonSQSClient(config);
    }

    private void Configure(ClientConfig config)
    {
        if (Profile is not null)
        {
            if (!new CredentialProfileStoreChain().TryGetProfile(Profile, out _))
            {
                throw new AmazonClientException($"There is no profile '{Profile}' in the AWS config or credentials file");
            }

            config.Profile = new Profile(Profile);
        }

        if (EndpointUrl is not null)
        {
            config.ServiceURL = EndpointUrl.ToString();
            config.AuthenticationRegion = Region ?? "us-east-1";
        }
        else if (Region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }
    }
}
