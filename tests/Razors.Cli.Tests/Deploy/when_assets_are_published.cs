using Amazon.Runtime;
using Razors.Cli.Deploy;

namespace Razors.Cli.Tests.Deploy;

/// <summary>
/// File assets published through the real factory and SDK clients to a local STS + S3 listener:
/// roles assumed per destination, uploads signed with the role's credentials, objects already
/// there left alone, each destination at most once per publisher.
/// </summary>
public sealed class when_assets_are_published : IDisposable
{
    private const string Account = "111122223333";
    private const string Region = "eu-west-1";
    private const string Bucket = "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}";
    private const string ResolvedBucket = "cdk-hnb659fds-assets-111122223333-eu-west-1";
    private const string Role = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-file-publishing-role-${AWS::AccountId}-${AWS::Region}";
    private const string ResolvedRole = "arn:aws:iam::111122223333:role/cdk-hnb659fds-file-publishing-role-111122223333-eu-west-1";
    private static readonly ResolvedEnvironment Env = new(Account, Region, AwsPlaceholders.Partition(Region));

    private readonly AssetBucketResponder aws = new();
    private readonly DirectoryInfo work = System.IO.Directory.CreateTempSubdirectory("razors-assets-");
    private readonly AwsS3ClientFactory factory;
    private readonly StringWriter log = new();

    public when_assets_are_published()
    {
        factory = new AwsS3ClientFactory(new BasicAWSCredentials("AKIDBASE", "base-secret"), aws.Url);
    }

    public void Dispose()
    {
        factory.Dispose();
        aws.Dispose();
        work.Delete(recursive: true);
        log.Dispose();
    }

    private FileAsset Directory(string id, string? externalId = null, string? role = Role)
    {
        var dir = work.CreateSubdirectory($"asset.{id}");
        File.WriteAllText(Path.Combine(dir.FullName, "Handler.dll"), $"code of {id}");
        dir.CreateSubdirectory("runtimes");
        File.WriteAllText(Path.Combine(dir.FullName, "runtimes", "native.so"), "native");
        return new FileAsset(id, dir.FullName, FileAssetPackaging.ZipDirectory, [new FileAssetDestination(Bucket, $"{id}.zip", null, role, externalId)]);
    }

    private FileAsset Template(string id)
    {
        var file = Path.Combine(work.FullName, $"{id}.template.json");
        File.WriteAllText(file, """{"Resources":{}}""");
        return new FileAsset(id, file, FileAssetPackaging.File, [new FileAssetDestination(Bucket, $"{id}.json", null, Role, null)]);
    }

    private AssetPublisher Publisher() => new(factory, log);

    private static byte[] Zip(string directory)
    {
        using var zip = new MemoryStream();
        DeterministicZip.Write(directory, zip);
        return zip.ToArray();
    }

    [Fact]
    public async Task the_publishing_role_is_assumed_with_its_external_id_and_signs_every_s3_request()
    {
        var asset = Directory("abc123", externalId: "razors-external");

        await Publisher().PublishAsync([asset], Env, TestContext.Current.CancellationToken);

        var assumed = Assert.Single(aws.AssumeRoleCalls);
        Assert.Equal(("AssumeRole", ResolvedRole, "razors-external", "AKIDBASE"), (assumed.Action, assumed.RoleArn, assumed.ExternalId, assumed.CallerAccessKeyId));
        Assert.StartsWith("razors-deploy-", assumed.SessionName, StringComparison.Ordinal);
        var key = aws.AccessKeyOf(ResolvedRole);
        Assert.Equal(["HEAD", "PUT"], aws.S3Calls.Select(c => c.Method));
        Assert.All(aws.S3Calls, c => Assert.Equal((key, AssetBucketResponder.SessionTokenOf(key), $"{ResolvedBucket}/abc123.zip"), (c.AccessKeyId, c.SessionToken, c.Path)));
    }

    [Fact]
    public async Task an_absent_directory_is_uploaded_as_its_deterministic_zip_and_a_file_as_it_is()
    {
        var directory = Directory("abc123");
        var template = Template("def456");

        var result = await Publisher().PublishAsync([directory, template], Env, TestContext.Current.CancellationToken);

        Assert.Equal(new AssetPublishResult(Published: 2, Skipped: 0), result);
        Assert.Equal(Zip(directory.SourcePath), aws.Objects[$"{ResolvedBucket}/abc123.zip"]);
        Assert.Equal(File.ReadAllBytes(template.SourcePath), aws.Objects[$"{ResolvedBucket}/def456.json"]);
        Assert.Contains("publishing asset 1/2 abc123.zip (", log.ToString(), StringComparison.Ordinal);
        Assert.Contains($"publishing asset 2/2 def456.json (16 B) to s3://{ResolvedBucket}/def456.json", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_object_already_in_the_bucket_is_skipped_without_an_upload()
    {
        var asset = Directory("abc123");
        aws.Objects[$"{ResolvedBucket}/abc123.zip"] = [1, 2, 3];

        var result = await Publisher().PublishAsync([asset], Env, TestContext.Current.CancellationToken);

        Assert.Equal(new AssetPublishResult(Published: 0, Skipped: 1), result);
        Assert.Equal(["HEAD"], aws.S3Calls.Select(c => c.Method));
        Assert.Equal([1, 2, 3], aws.Objects[$"{ResolvedBucket}/abc123.zip"]);
        Assert.Contains($"asset 1/1 abc123.zip: exists in s3://{ResolvedBucket}/abc123.zip", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_same_destination_twice_through_one_publisher_is_uploaded_once_and_asked_about_once()
    {
        var asset = Directory("abc123");
        var publisher = Publisher();

        var first = await publisher.PublishAsync([asset, asset], Env, TestContext.Current.CancellationToken);
        var second = await publisher.PublishAsync([asset], Env, TestContext.Current.CancellationToken);

        Assert.Equal(new AssetPublishResult(Published: 1, Skipped: 1), first);
        Assert.Equal(new AssetPublishResult(Published: 0, Skipped: 1), second);
        Assert.Equal(["HEAD", "PUT"], aws.S3Calls.Select(c => c.Method));
        Assert.Single(aws.AssumeRoleCalls);
    }

    [Fact]
    public async Task destinations_under_one_role_share_one_assumed_session_and_without_a_role_the_base_credentials_sign()
    {
        var a = Directory("aaa111");
        var b = Directory("bbb222");
        var direct = Directory("ccc333", role: null);

        await Publisher().PublishAsync([a, b, direct], Env, TestContext.Current.CancellationToken);

        Assert.Single(aws.AssumeRoleCalls);
        Assert.Equal(
            [aws.AccessKeyOf(ResolvedRole), aws.AccessKeyOf(ResolvedRole), "AKIDBASE"],
            aws.S3Calls.Where(c => c.Method == "PUT").Select(c => c.AccessKeyId));
        Assert.Null(aws.S3Calls.Last().SessionToken);
    }

    [Fact]
    public async Task a_forbidden_head_object_is_reported_as_missing_list_bucket_naming_the_asset_bucket_and_key()
    {
        var asset = Directory("abc123");
        aws.Forbidden[$"{ResolvedBucket}/abc123.zip"] = true;

        var error = await Assert.ThrowsAsync<AssetPublishException>(() => Publisher().PublishAsync([asset], Env, TestContext.Current.CancellationToken));

        Assert.Contains("asset abc123", error.Message, StringComparison.Ordinal);
        Assert.Contains($"s3://{ResolvedBucket}/abc123.zip", error.Message, StringComparison.Ordinal);
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Contains("s3:ListBucket", error.Message, StringComparison.Ordinal);
        Assert.Contains(ResolvedRole, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(aws.S3Calls, c => c.Method == "PUT");
    }

    [Fact]
    public async Task a_role_that_cannot_be_assumed_fails_naming_the_asset_bucket_key_and_role_and_is_tried_again_next_time()
    {
        var asset = Directory("abc123");
        aws.Unassumable[ResolvedRole] = true;
        var publisher = Publisher();

        var error = await Assert.ThrowsAsync<AssetPublishException>(() => publisher.PublishAsync([asset], Env, TestContext.Current.CancellationToken));

        Assert.Contains($"asset abc123 to s3://{ResolvedBucket}/abc123.zip failed (as {ResolvedRole})", error.Message, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", error.Message, StringComparison.Ordinal);
        Assert.Empty(aws.S3Calls);

        aws.Unassumable.Clear();
        var retried = await publisher.PublishAsync([asset], Env, TestContext.Current.CancellationToken);
        Assert.Equal(new AssetPublishResult(Published: 1, Skipped: 0), retried);
    }
}
