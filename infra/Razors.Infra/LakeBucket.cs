using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Razors.Topology;

namespace Razors.Infra;

/// <summary>
/// The event lake of the topology: a private S3 bucket with a name every bus owner computes
/// (<see cref="Names.LakeBucketName"/>), S3-managed encryption, every public access blocked, TLS
/// enforced, ACLs disabled (the lake's account owns every object, whoever wrote it), objects
/// expiring after the declared days, retained on stack delete. Its policy admits each bus owner's
/// delivery role (named, as the bus policies name forwarding roles) for that bus's prefixes only.
/// Outputs <c>LakeBucketName</c>.
/// </summary>
public static class LakeBucket
{
    /// <summary>What Firehose needs on the objects it writes (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3).</summary>
    public static readonly IReadOnlyList<string> ObjectActions = ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"];

    /// <summary>What Firehose needs on the bucket itself (the same page); none of these writes anything.</summary>
    public static readonly IReadOnlyList<string> BucketActions = ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"];

    public static Bucket Add(Stack stack, LakeDefinition lake, TopologyDefinition topology, InfraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(lake);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(settings);
        var bucket = new Bucket(stack, Names.Id(lake.Name) + "Bucket", new BucketProps
        {
            BucketName = Names.LakeBucketName(lake, settings.AccountOf(lake.OwnerService), Aws.REGION),
            // SSE-S3 rather than KMS: the bus owners' delivery streams write from their own accounts, and
            // with a KMS key every one of their roles would need a grant in the key policy too; S3-managed
            // keys need none and cost nothing per request (infra/README.md, "The event lake").
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "expire-events",
                    Expiration = Duration.Days(lake.RetentionDays),
                    // Firehose writes large objects in parts; parts of an upload it abandoned are billed until aborted.
                    AbortIncompleteMultipartUploadAfter = Duration.Days(1),
                },
            ],
            // The lake is the analytics record of every event: `cdk destroy` leaves it (delete it by hand if meant).
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        foreach (var stream in topology.DeliveryStreams)
        {
            var account = settings.AccountOf(stream.OwnerService);
            var role = new Dictionary<string, object>
            {
                ["ArnEquals"] = new Dictionary<string, object>
                {
                    ["aws:PrincipalArn"] = $"arn:{Aws.PARTITION}:iam::{account}:role/{Names.DeliveryRoleName(stream, Aws.REGION)}",
                },
            };
            bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "Deliver" + Names.Id(stream.Name),
                Principals = [new AccountPrincipal(account)],
                Actions = [.. ObjectActions],
                Resources = [.. ObjectPrefixes(stream).Select(p => bucket.ArnForObjects(p + "*"))],
                Conditions = role,
            }));
            bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "Locate" + Names.Id(stream.Name),
                Principals = [new AccountPrincipal(account)],
                Actions = [.. BucketActions],
                Resources = [bucket.BucketArn],
                Conditions = role,
            }));
        }

        _ = new CfnOutput(stack, "LakeBucketName", new CfnOutputProps
        {
            Value = bucket.BucketName,
            Description = "The event lake's bucket: gzipped JSON lines under bus=<bus>/year=YYYY/month=MM/day=DD/ (razors events export --aws reads it).",
        });
        return bucket;
    }

    /// <summary>
    /// The fixed parts of a stream's prefix and error prefix, up to the first Firehose expression
    /// (<c>bus=&lt;bus&gt;/</c>, <c>errors/bus=&lt;bus&gt;/</c>): the keys its role may write under.
    /// </summary>
    public static IReadOnlyList<string> ObjectPrefixes(DeliveryStreamDefinition stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return [FixedPart(LakeLayout.Prefix(stream.Bus)), FixedPart(LakeLayout.ErrorPrefix(stream.Bus))];
    }

    private static string FixedPart(string prefix)
    {
        var expression = prefix.IndexOf("!{", StringComparison.Ordinal);
        var folders = prefix[..(prefix.LastIndexOf('/', expression < 0 ? prefix.Length - 1 : expression) + 1)];
        return folders.Length > 0
            ? folders
            : throw new InvalidOperationException($"The lake prefix '{prefix}' has no fixed folder before its first expression; the delivery role could not be held to one bus.");
    }

    /// <summary>The ARN of the lake's bucket, by the name every stack computes.</summary>
    public static string Arn(LakeDefinition lake, InfraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(lake);
        ArgumentNullException.ThrowIfNull(settings);
        return $"arn:{Aws.PARTITION}:s3:::{Names.LakeBucketName(lake, settings.AccountOf(lake.OwnerService), Aws.REGION)}";
    }
}
