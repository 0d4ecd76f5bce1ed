namespace Razors.Cli.Deploy;

/// <summary>
/// The placeholders the CDK's default stack synthesizer leaves in role ARNs, bucket names and keys
/// for the deploying tool to fill in (as cdk-assets and the CDK CLI do).
/// </summary>
internal static class AwsPlaceholders
{
    public static string Resolve(string text, string account, string region, string partition)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text
            .Replace("${AWS::AccountId}", account, StringComparison.Ordinal)
            .Replace("${AWS::Region}", region, StringComparison.Ordinal)
            .Replace("${AWS::Partition}", partition, StringComparison.Ordinal);
    }

    /// <summary>The partition of a region (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html): aws-cn for China, aws-us-gov for GovCloud, else aws.</summary>
    public static string Partition(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
            : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
            : "aws";
    }
}
