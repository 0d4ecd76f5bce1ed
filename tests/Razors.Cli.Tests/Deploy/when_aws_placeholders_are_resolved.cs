using Razors.Cli.Deploy;

namespace Razors.Cli.Tests.Deploy;

public sealed class when_aws_placeholders_are_resolved
{
    [Fact]
    public void account_region_and_partition_are_filled_in_everywhere_they_occur()
    {
        var resolved = AwsPlaceholders.Resolve(
            "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-deploy-role-${AWS::AccountId}-${AWS::Region}",
            "111122223333",
            "cn-north-1",
            "aws-cn");

        Assert.Equal("arn:aws-cn:iam::111122223333:role/cdk-hnb659fds-deploy-role-111122223333-cn-north-1", resolved);
    }

    [Theory]
    [InlineData("eu-west-1", "aws")]
    [InlineData("us-east-1", "aws")]
    [InlineData("cn-northwest-1", "aws-cn")]
    [InlineData("us-gov-west-1", "aws-us-gov")]
    public void the_partition_follows_from_the_region(string region, string partition) =>
        Assert.Equal(partition, AwsPlaceholders.Partition(region));
}
