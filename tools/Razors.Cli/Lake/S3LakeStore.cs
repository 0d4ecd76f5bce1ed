using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace Razors.Cli.Lake;

/// <summary>
/// The lake in AWS: the S3 bucket the delivery streams write to, listed with ListObjectsV2 (1000
/// keys a page, followed by its continuation token) and read with GetObject
/// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
/// </summary>
internal sealed class S3LakeStore(IAmazonS3 s3, string bucket) : ILakeStore
{
    public string Location => $"s3://{bucket}";

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        while (true)
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            // AWSSDK 4 leaves an empty page's collection null.
            foreach (var item in page.S3Objects ?? [])
            {
                yield return item.Key;
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task<Stream> OpenAsync(string key, CancellationToken cancellationToken)
    {
        var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken);
        return response.ResponseStream;
    }
}
