using Amazon.Runtime;
using Razors.Cli.Deploy;

namespace Razors.Cli.Tests.Deploy;

/// <summary>
/// File assets published through the real factory and SDK clients to <see cref="LocalAws"/>:
/// roles assumed per destination, uploads signed with the role's credentials, objects already
/// there left alone, each destination at most once per publisher.
/// </summary>
public sealed class when_assets_are_published : IDisposable
{
    private const string Bucket = "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}";
    private const string ResolvedBucket = LocalAws.AssetsBucket;
    private const string Role = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-file-publishing-role-${AWS::AccountId}-${AWS::Region}";
    private const string ResolvedRole = $"arn:aws:iam::{LocalAws.Account}:role/cdk-hnb659fds-file-publishing-role-{LocalAws.Account}-{LocalAws.Region}";
    private static readonly ResolvedEnvironment Env = new(LocalAws.Account, LocalAws.Region, AwsPlaceholders.Partition(LocalAws.Region));

    private readonly LocalAws aws = new();
    private readonly DirectoryInfo work = System.IO.Directory.CreateTempSubdirectory("razors-assets-");
    private readonly AwsS3ClientFactory factory;
    private readonly StringWriter log = new();

    public when_assets_are_published()
    {
        aws.Bootstrapped();
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

    private IEnumerable<LocalAwsCall> AssumeRoleCalls => aws.CallsOf("sts").Where(c => c.Operation == "AssumeRole");

    private IEnumerable<LocalAwsCall> S3Calls => aws.CallsOf("s3");

    private static string MethodOf(LocalAwsCall s3Call) => s3Call.Operation.Split(' ')[0];

    private byte[] Object(string key) => aws.Buckets[ResolvedBucket][key];

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

        var assumed = Assert.Single(AssumeRoleCalls);
        Assert.Equal((ResolvedRole, "razors-external", "AKIDBASE"), (assumed.Form["RoleArn"], assumed.Form["ExternalId"], assumed.AccessKey));
        Assert.StartsWith("razors-deploy-", assumed.Form["RoleSessionName"], StringComparison.Ordinal);
        var key = aws.AssumableRoles[ResolvedRole];
        Assert.Equal([$"HEAD /{ResolvedBucket}/abc123.zip", $"PUT /{ResolvedBucket}/abc123.zip"], S3Calls.Select(c => c.Operation));
        Assert.All(S3Calls, c => Assert.Equal((key, $"token-{key}"), (c.AccessKey, c.SessionToken)));
    }

    [Fact]
    public async Task an_absent_directory_is_uploaded_as_its_deterministic_zip_and_a_file_as_it_is()
    {
        var directory = Directory("abc123");
        var template = Template("def456");

        var result = await Publisher().PublishAsync([directory, template], Env, TestContext.Current.CancellationToken);

        Assert.Equal(new AssetPublishResult(Published: 2, Skipped: 0), result);
        Assert.Equal(Zip(directory.SourcePath), Object("abc123.zip"));
        Assert.Equal(File.ReadAllBytes(template.SourcePath), Object("def456.json"));
        Assert.Contains("publishing asset 1/2 abc123.zip (", log.ToString(), StringComparison.Ordinal);
        Assert.Contains($"publishing asset 2/2 def456.json (16 B) to s3://{ResolvedBucket}/def456.json", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_object_already_in_the_bucket_is_skipped_without_an_upload()
    {
        var asset = Directory("abc123");
        aws.Buckets[ResolvedBucket]["abc123.zip"] = [1, 2, 3];

        var result = await Publisher().PublishAsync([asset], Env, TestContext.Current.CancellationToken);

        Assert.Equal(new AssetPublishResult(Published: 0, Skipped: 1), result);
        Assert.Equal(["HEAD"], S3Calls.Select(MethodOf));
        Assert.Equal([1, 2, 3], Object("abc123.zip"));
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
        Assert.Equal(["HEAD", "PUT"], S3Calls.Select(MethodOf));
        Assert.Single(AssumeRoleCalls);
    }

    [Fact]
    public async Task destinations_under_one_role_share_one_assumed_session_and_without_a_role_the_base_credentials_sign()
    {
        var a = Directory("aaa111");
        var b = Directory("bbb222");
        var direct = Directory("ccc333", role: null);

        await Publisher().PublishAsync([a, b, direct], Env, TestContext.Current.CancellationToken);

        Assert.Single(AssumeRoleCalls);
        var key = aws.AssumableRoles[ResolvedRole];
        Assert.Equal([key, key, "AKIDBASE"], S3Calls.Where(c => MethodOf(c) == "PUT").Select(c => c.AccessKey));
        Assert.Null(S3Calls.Last().SessionToken);
    }

    [Fact]
    public async Task a_role_whose_credentials_are_about_to_expire_is_assumed_again_before_the_next_request()
    {
        aws.CredentialLifetime = AssumedRoleCredentials.RenewBeforeExpiry - TimeSpan.FromMinutes(1);
        var a = Directory("aaa111");
        var b = Directory("bbb222");

        await Publisher().PublishAsync([a, b], Env, TestContext.Current.CancellationToken);

        // Every S3 request was signed with credentials assumed after the request before it.
        var sinceLastS3Request = 0;
        foreach (var call in aws.Calls)
        {
            if (call.Service == "s3")
            {
                Assert.True(sinceLastS3Request > 0, $"{call.Operation} was signed with credentials that were about to expire");
                sinceLastS3Request = 0;
            }
            else if (call.Operation == "AssumeRole")
            {
                sinceLastS3Request++;
            }
        }

        Assert.Equal(4, S3Calls.Count());
    }

    [Fact]
    public async Task a_forbidden_head_object_is_reported_as_missing_list_bucket_naming_the_asset_bucket_and_key()
    {
        var asset = Directory("abc123");
        aws.ForbiddenObjects[$"{ResolvedBucket}/abc123.zip"] = true;

        var error = await Assert.ThrowsAsync<AssetPublishException>(() => Publisher().PublishAsync([asset], Env, TestContext.Current.CancellationToken));

        Assert.Contains("asset abc123", error.Message, StringComparison.Ordinal);
        Assert.Contains($"s3://{ResolvedBucket}/abc123.zip", error.Message, StringComparison.Ordinal);
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Contains("s3:ListBucket", error.Message, StringComparison.Ordinal);
        Assert.Contains(ResolvedRole, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(S3Calls, c => MethodOf(c) == "PUT");
    }

    [Fact]
    public async Task a_role_that_cannot_be_assumed_fails_naming_the_asset_bucket_key_and_role_and_is_tried_again_next_time()
    {
        var asset = Directory("abc123");
        aws.AssumableRoles.TryRemove(ResolvedRole, out var key);
        var publisher = Publisher();

        var error = await Assert.ThrowsAsync<AssetPublishException>(() => publisher.PublishAsync([asset], Env, TestContext.Current.CancellationToken));

        Assert.Contains($"asset abc123 to s3://{ResolvedBucket}/abc123.zip failed (as {ResolvedRole})", error.Message, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", error.Message, StringComparison.Ordinal);
        Assert.Empty(S3Calls);

        aws.AssumableRoles[ResolvedRole] = key!;
        var retried = await publisher.PublishAsync([asset], Env, TestContext.Current.CancellationToken);
        Assert.Equal(new AssetPublishResult(Published: 1, Skipped: 0), retried);
    }
}
