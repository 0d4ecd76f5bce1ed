using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Razors.Aws;

/// <summary>The <see cref="HttpClient"/> the hand-written clients sign with, shared by the JSON and the query wire.</summary>
internal static class AwsSignedHttpClient
{
    /// <summary>An <see cref="HttpClient"/> whose requests AWSSDK.Core's SigV4 handler signs for <paramref name="signingService"/>.</summary>
    public static HttpClient Create(AWSCredentials credentials, RegionEndpoint region, string signingService)
    {
        // The signer's docs ask for no automatic redirects: a redirected request would carry a stale signature.
        var signing = new SigV4SigningHandler(credentials, region, signingService, new SocketsHttpHandler { AllowAutoRedirect = false });
        return new HttpClient(signing);
    }
}
