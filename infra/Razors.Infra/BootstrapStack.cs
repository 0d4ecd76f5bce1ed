using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Constructs;
using SsmParameter = Amazon.CDK.AWS.SSM.CfnParameter;
using SsmParameterProps = Amazon.CDK.AWS.SSM.CfnParameterProps;

namespace Razors.Infra;

/// <summary>
/// The CDK bootstrap stack <c>CDKToolkit</c> for the default qualifier, as <c>razors bootstrap</c>
/// deploys it (ADR 9): the resources, logical ids, physical names and outputs of the standard
/// template that <c>cdk bootstrap</c> deploys
/// (packages/aws-cdk/lib/api/bootstrap/bootstrap-template.yaml in aws/aws-cdk-cli, version
/// <see cref="Version"/>), with its parameters fixed to the choices <c>cdk bootstrap</c> makes by
/// default, except trust and execution policies (<see cref="BootstrapSettings"/>). The stack has
/// no parameters, no assets and no deploy role of its own: the caller's credentials deploy it.
/// </summary>
/// <remarks>
/// Each resource is a direct child of the stack, so its id is its logical id, the standard one:
/// a later <c>cdk bootstrap</c> then updates these resources rather than replacing them.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A CDK stack, not a collection.")]
public sealed class BootstrapStack : Stack
{
    public const string ToolkitStackName = "CDKToolkit";

    /// <summary>The qualifier <see cref="DefaultStackSynthesizer"/> targets by default (<c>DefaultStackSynthesizer.DEFAULT_QUALIFIER</c>).</summary>
    public const string Qualifier = "hnb659fds";

    /// <summary>
    /// The version of the standard template these resources mirror (32 since aws-cdk 2.1120.0). The
    /// CLI gates features on it (rollback 23, refactor 28, change-set events 30, hook results 31)
    /// and refuses to update a stack to a lower version; ADR 9 says why it is this one.
    /// </summary>
    public const int Version = 32;

    public BootstrapStack(Construct scope, BootstrapSettings settings)
        : base(scope, ToolkitStackName, new StackProps
        {
            StackName = ToolkitStackName,
            Description = $"CDK bootstrap resources (qualifier {Qualifier}, version {Version}) for the Razors stacks and cdk deploy, from razors bootstrap.",
            // No assets and no BootstrapVersion parameter or rule. Its manifest still names the
            // standard deploy and execution roles (given no role, it falls back to
            // DefaultStackSynthesizer's), which this stack creates: razors bootstrap deploys it with
            // the caller's credentials instead (ADR 9).
            Synthesizer = new BootstraplessSynthesizer(new BootstraplessSynthesizerProps()),
            // No AWS::CDK::Metadata resource: the standard template has none.
            AnalyticsReporting = false,
        })
    {
        ArgumentNullException.ThrowIfNull(settings);
        var suffix = $"{Aws.ACCOUNT_ID}-{Aws.REGION}";

        var bucket = new CfnBucket(this, "StagingBucket", new CfnBucketProps
        {
            BucketName = $"cdk-{Qualifier}-assets-{suffix}",
            AccessControl = "Private",
            // SSE-KMS with the AWS managed key (aws/s3): what `cdk bootstrap` chooses unless told
            // --bootstrap-customer-key (its FileAssetsBucketKmsKeyId = AWS_MANAGED_KEY).
            BucketEncryption = new CfnBucket.BucketEncryptionProperty
            {
                ServerSideEncryptionConfiguration = new object[]
                {
                    new CfnBucket.ServerSideEncryptionRuleProperty
                    {
                        ServerSideEncryptionByDefault = new CfnBucket.ServerSideEncryptionByDefaultProperty { SseAlgorithm = "aws:kms" },
                    },
                },
            },
            PublicAccessBlockConfiguration = new CfnBucket.PublicAccessBlockConfigurationProperty
            {
                BlockPublicAcls = true,
                BlockPublicPolicy = true,
                IgnorePublicAcls = true,
                RestrictPublicBuckets = true,
            },
            VersioningConfiguration = new CfnBucket.VersioningConfigurationProperty { Status = "Enabled" },
            LifecycleConfiguration = new CfnBucket.LifecycleConfigurationProperty
            {
                Rules = new object[]
                {
                    // An asset only becomes noncurrent when garbage collection deletes it.
                    new CfnBucket.RuleProperty
                    {
                        Id = "CleanupOldVersions",
                        Status = "Enabled",
                        NoncurrentVersionExpiration = new CfnBucket.NoncurrentVersionExpirationProperty { NoncurrentDays = 30 },
                    },
                    new CfnBucket.RuleProperty
                    {
                        Id = "AbortIncompleteMultipartUploads",
                        Status = "Enabled",
                        AbortIncompleteMultipartUpload = new CfnBucket.AbortIncompleteMultipartUploadProperty { DaysAfterInitiation = 1 },
                    },
                },
            },
        });
        bucket.ApplyRemovalPolicy(RemovalPolicy.RETAIN);
        var objects = $"{bucket.AttrArn}/*";

        _ = new CfnBucketPolicy(this, "StagingBucketPolicy", new CfnBucketPolicyProps
        {
            Bucket = bucket.Ref,
            PolicyDocument = Document(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "AllowSSLRequestsOnly",
                Effect = Effect.DENY,
                Principals = [new StarPrincipal()],
                Actions = ["s3:*"],
                Resources = [bucket.AttrArn, objects],
                Conditions = new Dictionary<string, object> { ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" } },
            })),
        });

        var repository = new CfnRepository(this, "ContainerAssetsRepository", new CfnRepositoryProps
        {
            RepositoryName = $"cdk-{Qualifier}-container-assets-{suffix}",
            ImageTagMutability = "IMMUTABLE",
            // Not in the standard template (ADR 9): every pushed image is scanned for vulnerabilities.
            ImageScanningConfiguration = new CfnRepository.ImageScanningConfigurationProperty { ScanOnPush = true },
            LifecyclePolicy = new CfnRepository.LifecyclePolicyProperty
            {
                // Assets are always tagged; the rule expires any untagged image after a year.
                LifecyclePolicyText = """{"rules":[{"rulePriority":1,"description":"Expire untagged images older than a year","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":365},"action":{"type":"expire"}}]}""",
            },
            // Lambda and EMR Serverless pull container images with their service principal:
            // https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-permissions
            RepositoryPolicyText = Document(
                PullBy("LambdaECRImageRetrievalPolicy", "lambda.amazonaws.com", $"arn:{Aws.PARTITION}:lambda:{Aws.REGION}:{Aws.ACCOUNT_ID}:function:*", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"),
                PullBy("EmrServerlessImageRetrievalPolicy", "emr-serverless.amazonaws.com", $"arn:{Aws.PARTITION}:emr-serverless:{Aws.REGION}:{Aws.ACCOUNT_ID}:/applications/*", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages")),
        });

        var trust = AssumableBy(settings.TrustedAccounts);
        var filePublishing = Role("FilePublishingRole", "file-publishing", trust);
        var imagePublishing = Role("ImagePublishingRole", "image-publishing", trust);
        _ = Role("LookupRole", "lookup", trust, [$"arn:{Aws.PARTITION}:iam::aws:policy/ReadOnlyAccess"], new CfnRole.PolicyProperty
        {
            PolicyName = "LookupRolePolicy",
            // ReadOnlyAccess reads everything; no decrypting on top of it.
            PolicyDocument = Document(new PolicyStatement(new PolicyStatementProps { Sid = "DontReadSecrets", Effect = Effect.DENY, Actions = ["kms:Decrypt"], Resources = ["*"] })),
        });

        _ = new CfnPolicy(this, "FilePublishingRoleDefaultPolicy", new CfnPolicyProps
        {
            PolicyName = $"cdk-{Qualifier}-file-publishing-role-default-policy-{suffix}",
            Roles = [filePublishing.Ref],
            PolicyDocument = Document(
                Allow(
                    sid: null,
                    ["s3:GetObject*", "s3:GetBucket*", "s3:GetEncryptionConfiguration", "s3:List*", "s3:DeleteObject*", "s3:PutObject*", "s3:Abort*"],
                    [bucket.AttrArn, objects],
                    new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["aws:ResourceAccount"] = new[] { Aws.ACCOUNT_ID } } }),
                // The standard statement for the key its FileAssetsBucketKmsKeyId names, with the
                // value `cdk bootstrap` gives it by default: that names no key (S3 uses aws/s3
                // through that key's own policy), and a later `cdk bootstrap` finds the same policy.
                Allow(
                    sid: null,
                    ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
                    [$"arn:{Aws.PARTITION}:kms:{Aws.REGION}:{Aws.ACCOUNT_ID}:key/{AwsManagedKey}"])),
        });

        _ = new CfnPolicy(this, "ImagePublishingRoleDefaultPolicy", new CfnPolicyProps
        {
            PolicyName = $"cdk-{Qualifier}-image-publishing-role-default-policy-{suffix}",
            Roles = [imagePublishing.Ref],
            PolicyDocument = Document(
                Allow(
                    sid: null,
                    ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:BatchCheckLayerAvailability", "ecr:DescribeRepositories", "ecr:DescribeImages", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                    [repository.AttrArn]),
                Allow(sid: null, ["ecr:GetAuthorizationToken"], ["*"])),
        });

        var execution = new CfnRole(this, "CloudFormationExecutionRole", new CfnRoleProps
        {
            RoleName = $"cdk-{Qualifier}-cfn-exec-role-{suffix}",
            AssumeRolePolicyDocument = Document(new PolicyStatement(new PolicyStatementProps
            {
                Principals = [new ServicePrincipal("cloudformation.amazonaws.com")],
                Actions = ["sts:AssumeRole"],
            })),
            ManagedPolicyArns = settings.ExecutionPolicies.Count > 0
                ? [.. settings.ExecutionPolicies]
                : [$"arn:{Aws.PARTITION}:iam::aws:policy/AdministratorAccess"],
        });

        var version = new SsmParameter(this, "CdkBootstrapVersion", new SsmParameterProps
        {
            Name = VersionParameterName,
            Type = "String",
            Value = Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        _ = Role("DeploymentActionRole", "deploy", trust, [$"arn:{Aws.PARTITION}:iam::aws:policy/AWSCloudFormationReadOnlyAccess"], new CfnRole.PolicyProperty
        {
            PolicyName = "default",
            PolicyDocument = Document(
                Allow("DeployPermissions", ["cloudformation:CreateChangeSet", "cloudformation:DeleteChangeSet", "cloudformation:ExecuteChangeSet", "cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:RollbackStack", "cloudformation:ContinueUpdateRollback"], ["*"]),
                // Pipelines read and write artifact buckets of other accounts; this account's buckets grant through their policies.
                Allow(
                    "PipelineCrossAccountArtifactsBucket",
                    ["s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:Abort*", "s3:DeleteObject*", "s3:PutObject*"],
                    ["*"],
                    new Dictionary<string, object> { ["StringNotEquals"] = new Dictionary<string, object> { ["s3:ResourceAccount"] = Aws.ACCOUNT_ID } }),
                Allow(
                    "PipelineCrossAccountArtifactsKey",
                    ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
                    ["*"],
                    new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["kms:ViaService"] = $"s3.{Aws.REGION}.amazonaws.com" } }),
                Allow(sid: null, ["iam:PassRole"], [execution.AttrArn]),
                Allow("CliPermissions", ["cloudformation:DeleteStack", "cloudformation:UpdateTerminationProtection", "sts:GetCallerIdentity"], ["*"]),
                Allow("CliStagingBucket", ["s3:GetObject*", "s3:GetBucket*", "s3:List*"], [bucket.AttrArn, objects]),
                // CreateChangeSet resolves the stacks' BootstrapVersion parameter (an SSM parameter type) with the caller's rights.
                Allow("ReadVersion", ["ssm:GetParameter", "ssm:GetParameters"], [$"arn:{Aws.PARTITION}:ssm:{Aws.REGION}:{Aws.ACCOUNT_ID}:parameter{version.Ref}"]),
                Allow("Refactor", ["cloudformation:CreateStackRefactor", "cloudformation:ExecuteStackRefactor"], ["*"])),
        });

        _ = new CfnOutput(this, "BucketName", new CfnOutputProps { Description = "The file asset bucket.", Value = bucket.Ref });
        _ = new CfnOutput(this, "BucketDomainName", new CfnOutputProps { Description = "The file asset bucket's regional domain name.", Value = bucket.AttrRegionalDomainName });

        // Deprecated in the standard template but still exported there, so a stack that imports it keeps working.
        _ = new CfnOutput(this, "FileAssetKeyArn", new CfnOutputProps
        {
            Description = "The file asset bucket's KMS key (the AWS managed key here; deprecated).",
            Value = AwsManagedKey,
            ExportName = $"CdkBootstrap-{Qualifier}-FileAssetKeyArn",
        });
        _ = new CfnOutput(this, "ImageRepositoryName", new CfnOutputProps { Description = "The container image asset repository.", Value = repository.Ref });

        // A literal rather than a GetAtt of the parameter, as the standard template does: reading the
        // parameter back right after it is created can fail while SSM is not yet consistent.
        _ = new CfnOutput(this, "BootstrapVersion", new CfnOutputProps
        {
            Description = "The version of the standard bootstrap template these resources match.",
            Value = Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    /// <summary><c>/cdk-bootstrap/hnb659fds/version</c>, the parameter the stacks' <c>BootstrapVersion</c> reads.</summary>
    public const string VersionParameterName = $"/cdk-bootstrap/{Qualifier}/version";

    /// <summary>The value of the standard template's <c>FileAssetsBucketKmsKeyId</c> that selects the AWS managed key.</summary>
    private const string AwsManagedKey = "AWS_MANAGED_KEY";

    /// <summary>
    /// A role of the standard set, named <c>cdk-hnb659fds-&lt;purpose&gt;-role-&lt;account&gt;-&lt;region&gt;</c>
    /// and tagged <c>aws-cdk:bootstrap-role</c> = purpose.
    /// </summary>
    private CfnRole Role(string logicalId, string purpose, PolicyDocument trust, string[]? managedPolicies = null, CfnRole.PolicyProperty? policy = null) =>
        new(this, logicalId, new CfnRoleProps
        {
            RoleName = $"cdk-{Qualifier}-{purpose}-role-{Aws.ACCOUNT_ID}-{Aws.REGION}",
            AssumeRolePolicyDocument = trust,
            ManagedPolicyArns = managedPolicies,
            Policies = policy is null ? null : new object[] { policy },
            Tags = [new CfnTag { Key = "aws-cdk:bootstrap-role", Value = purpose }],
        });

    /// <summary>
    /// The trust of the four roles a deployment assumes: the account itself and each trusted
    /// account may assume a role and tag the session. An AssumeRole with an external id is refused
    /// (the standard <c>DenyExternalId</c> = <c>true</c>): the roles are not meant to be deputized
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
    /// </summary>
    private static PolicyDocument AssumableBy(IReadOnlyList<string> trustedAccounts)
    {
        var statements = new List<PolicyStatement>();
        foreach (var principals in new[] { new[] { Aws.ACCOUNT_ID }, [.. trustedAccounts] }.Where(p => p.Length > 0))
        {
            IPrincipal[] accounts = [.. principals.Select(a => new ArnPrincipal(a))];
            statements.Add(new PolicyStatement(new PolicyStatementProps
            {
                Principals = accounts,
                Actions = ["sts:AssumeRole"],
                Conditions = new Dictionary<string, object> { ["Null"] = new Dictionary<string, object> { ["sts:ExternalId"] = "true" } },
            }));
            statements.Add(new PolicyStatement(new PolicyStatementProps { Principals = accounts, Actions = ["sts:TagSession"] }));
        }

        return Document([.. statements]);
    }

    private static PolicyStatement PullBy(string sid, string service, string sourceArn, params string[] actions) =>
        new(new PolicyStatementProps
        {
            Sid = sid,
            Principals = [new ServicePrincipal(service)],
            Actions = actions,
            Conditions = new Dictionary<string, object> { ["StringLike"] = new Dictionary<string, object> { ["aws:sourceArn"] = sourceArn } },
        });

    private static PolicyStatement Allow(string? sid, string[] actions, string[] resources, Dictionary<string, object>? conditions = null) =>
        new(new PolicyStatementProps { Sid = sid, Actions = actions, Resources = resources, Conditions = conditions });

    private static PolicyDocument Document(params PolicyStatement[] statements) =>
        new(new PolicyDocumentProps { Statements = statements });
}
