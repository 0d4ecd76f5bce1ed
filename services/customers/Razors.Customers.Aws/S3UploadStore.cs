using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Razors.Customers.Ports;

namespace Razors.Customers.Aws;

/// <summary>
/// The upload store in AWS: an S3 bucket (private, encrypted, objects expire after a day). The
/// bucket's event notification announces each new object on the uploads queue, so a put is all
/// it takes to start the parser.
/// </summary>
public sealed class S3UploadStore(IAmazonS3 s3, string bucketName) : IUploadStore
{
    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(content.ToArray(), writable: false);
        await s3.PutObjectAsync(
            new PutObjectRequest { BucketName = bucketName, Key = key, InputStream = body, ContentType = "text/csv", AutoCloseStream = false },
            cancellationToken);
    }

    public async Task<Stream?> OpenAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucketName, Key = key }, cancellationToken);

            // The parser reads the file once, start to end; a copy keeps the connection short.
            var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            return copy;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
