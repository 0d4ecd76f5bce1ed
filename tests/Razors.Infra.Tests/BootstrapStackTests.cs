using System.Diagnostics;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.CXAPI;
using Razors.Topology;

namespace Razors.Infra.Tests;

/// <summary>
/// The jsii runtime behind the CDK serves one thread at a time (https://github.com/aws/jsii/issues/59):
/// the classes below build apps inside their tests, so they run one after another and after the
/// parallel classes, never beside another app being built.
/// </summary>
[CollectionDefinition(nameof(OneAppAtATime), DisableParallelization = true)]
public sealed class OneAppAtATime;

/// <summary>The app synthesized with <c>razors:bootstrap</c> = <c>true</c> and more context, once per set of context.</summary>
internal static class BootstrapSynthesis
{
    public const int TemplateBodyLimit = 51_200;

    /// <summary>The cloud assembly's stacks, the bootstrap template and the size of its file.</summary>
    public sealed record Result(IReadOnlyList<CloudFormationStackArtifact> Stacks, StackTemplate Template, long TemplateBytes);

    public static Result Synthesize(Dictionary<string, object> context)
    {
        var outdir = Directory.CreateTempSubdirectory("razors-infra-bootstrap-").FullName;
        try
        {
            var app = new App(new AppProps { Outdir = outdir, Context = new Dictionary<string, object>(context) { [BootstrapSettings.BootstrapKey] = "true" } });
            RazorsApp.Compose(app);
            var assembly = app.Synth();
            var file = Path.Combine(assembly.Directory, $"{BootstrapStack.ToolkitStackName}.template.json");
            return new Result(
                assembly.Stacks,
                StackTemplate.Parse(BootstrapStack.ToolkitStackName, BootstrapStack.ToolkitStackName, File.ReadAllText(file)),
                new FileInfo(file).Length);
        }
        finally
        {
            Directory.Delete(outdir, recursive: true);
        }
    }

    /// <summary>
    /// A name or ARN as CloudFormation gets it (a literal, a <c>Ref</c> or a <c>Fn::Join</c> of
    /// them) in the <c>${AWS::AccountId}</c> form of <see cref="DefaultStackSynthesizer"/>'s defaults.
    /// </summary>
    public static string Substituted(JsonNode? node) => node switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonObject o when o["Ref"] is JsonValue r => $"${{{r.GetValue<string>()}}}",
        JsonObject o when o["Fn::GetAtt"] is JsonArray a => $"${{{a[0]!.GetValue<string>()}.{a[1]!.GetValue<string>()}}}",
        JsonObject o when o["Fn::Join"] is JsonArray j => string.Join(j[0]!.GetValue<string>(), j[1]!.AsArray().Select(Substituted)),
        _ => throw new InvalidOperationException($"Not a name: {node?.ToJsonString()}"),
    };

    /// <summary>A default of <see cref="DefaultStackSynthesizer"/> for the default qualifier.</summary>
    public static string ForDefaultQualifier(string template) => template.Replace("${Qualifier}", DefaultStackSynthesizer.DEFAULT_QUALIFIER, StringComparison.Ordinal);

    /// <summary>The principals of a statement, as <see cref="Substituted"/> names.</summary>
    public static IReadOnlySet<string> AwsPrincipals(JsonObject statement) => statement["Principal"]?["AWS"] switch
    {
        JsonArray a => a.Select(Substituted).ToHashSet(StringComparer.Ordinal),
        JsonNode n => new HashSet<string>(StringComparer.Ordinal) { Substituted(n) },
        null => new HashSet<string>(StringComparer.Ordinal),
    };

    public static IReadOnlyList<JsonObject> TrustStatements(StackTemplate template, string roleId) =>
        [.. template.LogicalResources[roleId]!["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject())];

    public static JsonObject Properties(StackTemplate template, string logicalId) => template.LogicalResources[logicalId]!["Properties"]!.AsObject();

    /// <summary>The roles the CLI assumes to publish, deploy and look up, by logical id, with the default role ARN each stands for.</summary>
    public static readonly IReadOnlyList<(string LogicalId, string DefaultArn)> AssumedRoles =
    [
        ("DeploymentActionRole", DefaultStackSynthesizer.DEFAULT_DEPLOY_ROLE_ARN),
        ("FilePublishingRole", DefaultStackSynthesizer.DEFAULT_FILE_ASSET_PUBLISHING_ROLE_ARN),
        ("ImagePublishingRole", DefaultStackSynthesizer.DEFAULT_IMAGE_ASSET_PUBLISHING_ROLE_ARN),
        ("LookupRole", DefaultStackSynthesizer.DEFAULT_LOOKUP_ROLE_ARN),
    ];

    public static string RoleName(string roleArn) => roleArn[(roleArn.IndexOf(":role/", StringComparison.Ordinal) + ":role/".Length)..];
}

/// <summary>
/// <c>razors bootstrap</c>'s stack with the default context: the standard CDK bootstrap resources
/// for qualifier hnb659fds, named as the service stacks' <see cref="DefaultStackSynthesizer"/>
/// expects them, trusting the account alone.
/// </summary>
[Collection(nameof(OneAppAtATime))]
public sealed class when_the_app_is_synthesized_for_bootstrap(SynthesizedTemplates services)
{
    private static readonly Lazy<BootstrapSynthesis.Result> Synthesized = new(() => BootstrapSynthesis.Synthesize([]));

    private static StackTemplate Template => Synthesized.Value.Template;

    [Fact]
    public void the_app_holds_the_CDKToolkit_stack_alone_with_no_assets_parameters_or_metadata()
    {
        var stack = Assert.Single(Synthesized.Value.Stacks);
        Assert.Equal("CDKToolkit", stack.StackName);
        Assert.Empty(stack.Assets);
        Assert.Null(Template.Template["Parameters"]);
        Assert.Null(Template.Template["Rules"]);
        Assert.Empty(Template.OfType("AWS::CDK::Metadata"));
    }

    [Fact]
    public void the_staging_bucket_is_the_one_the_service_stacks_publish_to_encrypted_versioned_and_retained()
    {
        var bucket = Template.LogicalResources["StagingBucket"]!;
        var properties = bucket["Properties"]!;
        Assert.Equal(BootstrapSynthesis.ForDefaultQualifier(DefaultStackSynthesizer.DEFAULT_FILE_ASSETS_BUCKET_NAME), BootstrapSynthesis.Substituted(properties["BucketName"]));
        Assert.Equal("cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}", BootstrapSynthesis.Substituted(properties["BucketName"]));

        var encryption = Assert.Single(properties["BucketEncryption"]!["ServerSideEncryptionConfiguration"]!.AsArray())!["ServerSideEncryptionByDefault"]!;
        Assert.Equal("aws:kms", encryption["SSEAlgorithm"]!.GetValue<string>());
        Assert.Null(encryption["KMSMasterKeyID"]);
        Assert.Equal("Enabled", properties["VersioningConfiguration"]!["Status"]!.GetValue<string>());

        var rules = properties["LifecycleConfiguration"]!["Rules"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(30, Assert.Single(rules, r => r["Id"]!.GetValue<string>() == "CleanupOldVersions")["NoncurrentVersionExpiration"]!["NoncurrentDays"]!.GetValue<int>());
        Assert.Equal(1, Assert.Single(rules, r => r["Id"]!.GetValue<string>() == "AbortIncompleteMultipartUploads")["AbortIncompleteMultipartUpload"]!["DaysAfterInitiation"]!.GetValue<int>());
        Assert.All(rules, r => Assert.Equal("Enabled", r["Status"]!.GetValue<string>()));

        Assert.Equal("Retain", bucket["DeletionPolicy"]!.GetValue<string>());
        Assert.Equal("Retain", bucket["UpdateReplacePolicy"]!.GetValue<string>());
    }

    [Fact]
    public void the_staging_bucket_blocks_all_public_access_and_denies_every_request_without_tls()
    {
        var block = BootstrapSynthesis.Properties(Template, "StagingBucket")["PublicAccessBlockConfiguration"]!;
        Assert.All(["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"], flag => Assert.True(block[flag]!.GetValue<bool>(), flag));

        var policy = BootstrapSynthesis.Properties(Template, "StagingBucketPolicy");
        Assert.True(JsonNode.DeepEquals(StackTemplate.Ref("StagingBucket"), policy["Bucket"]));
        var deny = Assert.Single(policy["PolicyDocument"]!["Statement"]!.AsArray())!.AsObject();
        Assert.Equal("Deny", deny["Effect"]!.GetValue<string>());
        Assert.Equal("*", deny["Principal"]!.GetValue<string>());
        Assert.Equal(["s3:*"], StackTemplate.Actions(deny));
        Assert.Equal("false", deny["Condition"]!["Bool"]!["aws:SecureTransport"]!.GetValue<string>());
        Assert.Equal(
            ["${StagingBucket.Arn}", "${StagingBucket.Arn}/*"],
            deny["Resource"]!.AsArray().Select(BootstrapSynthesis.Substituted));
    }

    [Fact]
    public void the_container_repository_is_the_one_the_service_stacks_push_to_with_immutable_tags_scanning_and_an_expiry_rule()
    {
        var repository = BootstrapSynthesis.Properties(Template, "ContainerAssetsRepository");
        Assert.Equal(BootstrapSynthesis.ForDefaultQualifier(DefaultStackSynthesizer.DEFAULT_IMAGE_ASSETS_REPOSITORY_NAME), BootstrapSynthesis.Substituted(repository["RepositoryName"]));
        Assert.Equal("IMMUTABLE", repository["ImageTagMutability"]!.GetValue<string>());
        Assert.True(repository["ImageScanningConfiguration"]!["ScanOnPush"]!.GetValue<bool>());

        var rule = Assert.Single(JsonNode.Parse(repository["LifecyclePolicy"]!["LifecyclePolicyText"]!.GetValue<string>())!["rules"]!.AsArray())!;
        Assert.Equal("untagged", rule["selection"]!["tagStatus"]!.GetValue<string>());
        Assert.Equal(365, rule["selection"]!["countNumber"]!.GetValue<int>());
        Assert.Equal("expire", rule["action"]!["type"]!.GetValue<string>());

        var pullers = repository["RepositoryPolicyText"]!["Statement"]!.AsArray().Select(s => s!["Principal"]!["Service"]!.GetValue<string>());
        Assert.Equal(["lambda.amazonaws.com", "emr-serverless.amazonaws.com"], pullers);
    }

    [Fact]
    public void the_roles_have_the_names_the_service_stacks_deploy_publish_and_look_up_with()
    {
        foreach (var (id, arn) in BootstrapSynthesis.AssumedRoles.Append(("CloudFormationExecutionRole", DefaultStackSynthesizer.DEFAULT_CLOUDFORMATION_ROLE_ARN)))
        {
            Assert.Equal(
                BootstrapSynthesis.RoleName(BootstrapSynthesis.ForDefaultQualifier(arn)),
                BootstrapSynthesis.Substituted(BootstrapSynthesis.Properties(Template, id)["RoleName"]));
        }

        Assert.Equal(
            ["cdk-hnb659fds-cfn-exec-role-${AWS::AccountId}-${AWS::Region}", "cdk-hnb659fds-deploy-role-${AWS::AccountId}-${AWS::Region}", "cdk-hnb659fds-file-publishing-role-${AWS::AccountId}-${AWS::Region}", "cdk-hnb659fds-image-publishing-role-${AWS::AccountId}-${AWS::Region}", "cdk-hnb659fds-lookup-role-${AWS::AccountId}-${AWS::Region}"],
            Template.OfType("AWS::IAM::Role").Select(r => BootstrapSynthesis.Substituted(r.Properties["RoleName"])).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void the_assumed_roles_trust_the_account_alone_and_never_with_an_external_id()
    {
        foreach (var (id, _) in BootstrapSynthesis.AssumedRoles)
        {
            var statements = BootstrapSynthesis.TrustStatements(Template, id);
            Assert.Equal(["sts:AssumeRole", "sts:TagSession"], statements.SelectMany(StackTemplate.Actions).Order(StringComparer.Ordinal));
            Assert.All(statements, s => Assert.Equal(["${AWS::AccountId}"], BootstrapSynthesis.AwsPrincipals(s)));
            var assume = Assert.Single(statements, s => StackTemplate.Actions(s) is ["sts:AssumeRole"]);
            Assert.Equal("true", assume["Condition"]!["Null"]!["sts:ExternalId"]!.GetValue<string>());
        }
    }

    [Fact]
    public void the_execution_role_is_for_cloudformation_alone_with_administrator_access()
    {
        var trust = Assert.Single(BootstrapSynthesis.TrustStatements(Template, "CloudFormationExecutionRole"));
        Assert.Equal("cloudformation.amazonaws.com", trust["Principal"]!["Service"]!.GetValue<string>());
        Assert.Equal(["sts:AssumeRole"], StackTemplate.Actions(trust));
        var policies = BootstrapSynthesis.Properties(Template, "CloudFormationExecutionRole")["ManagedPolicyArns"]!.AsArray();
        Assert.Equal("arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess", BootstrapSynthesis.Substituted(Assert.Single(policies)));
    }

    [Fact]
    public void the_deploy_role_may_pass_the_execution_role_read_the_version_and_read_the_staging_bucket()
    {
        var statements = BootstrapSynthesis.Properties(Template, "DeploymentActionRole")["Policies"]!.AsArray()
            .SelectMany(p => p!["PolicyDocument"]!["Statement"]!.AsArray()).Select(s => s!.AsObject()).ToList();
        var pass = Assert.Single(statements, s => StackTemplate.Actions(s) is ["iam:PassRole"]);
        Assert.Equal("${CloudFormationExecutionRole.Arn}", BootstrapSynthesis.Substituted(pass["Resource"]));
        var version = Assert.Single(statements, s => s["Sid"]?.GetValue<string>() == "ReadVersion");
        Assert.Equal("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${CdkBootstrapVersion}", BootstrapSynthesis.Substituted(version["Resource"]));
        var bucket = Assert.Single(statements, s => s["Sid"]?.GetValue<string>() == "CliStagingBucket");
        Assert.DoesNotContain(StackTemplate.Actions(bucket), a => a.StartsWith("s3:Put", StringComparison.Ordinal) || a.StartsWith("s3:Delete", StringComparison.Ordinal));
        Assert.Contains(statements, s => s["Sid"]?.GetValue<string>() == "DeployPermissions" && StackTemplate.Actions(s).Contains("cloudformation:ExecuteChangeSet"));
        Assert.Equal(
            "arn:${AWS::Partition}:iam::aws:policy/AWSCloudFormationReadOnlyAccess",
            BootstrapSynthesis.Substituted(Assert.Single(BootstrapSynthesis.Properties(Template, "DeploymentActionRole")["ManagedPolicyArns"]!.AsArray())));
    }

    [Fact]
    public void the_version_parameter_and_output_carry_a_version_the_service_stacks_accept()
    {
        var parameter = BootstrapSynthesis.Properties(Template, "CdkBootstrapVersion");
        Assert.Equal("/cdk-bootstrap/hnb659fds/version", parameter["Name"]!.GetValue<string>());
        Assert.Equal(BootstrapSynthesis.ForDefaultQualifier(DefaultStackSynthesizer.DEFAULT_BOOTSTRAP_STACK_VERSION_SSM_PARAMETER), parameter["Name"]!.GetValue<string>());
        Assert.Equal("32", parameter["Value"]!.GetValue<string>());
        Assert.Equal(parameter["Value"]!.GetValue<string>(), Template.StackOutputs["BootstrapVersion"]!["Value"]!.GetValue<string>());

        // Each service stack reads the parameter and refuses the versions its rule lists (1 to 5).
        Assert.All(services.All, stack =>
        {
            Assert.Equal(parameter["Name"]!.GetValue<string>(), stack.Template["Parameters"]!["BootstrapVersion"]!["Default"]!.GetValue<string>());
            var refused = stack.Template["Rules"]!["CheckBootstrapVersion"]!["Assertions"]![0]!["Assert"]!["Fn::Not"]![0]!["Fn::Contains"]![0]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
            Assert.NotEmpty(refused);
            Assert.DoesNotContain(parameter["Value"]!.GetValue<string>(), refused);
            Assert.True(refused.Max(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)) < BootstrapStack.Version, $"{stack}: refuses [{string.Join(", ", refused)}]");
        });
    }

    [Fact]
    public void the_outputs_name_the_bucket_its_domain_the_repository_and_the_version()
    {
        var outputs = Template.StackOutputs;
        Assert.Equal(["BootstrapVersion", "BucketDomainName", "BucketName", "FileAssetKeyArn", "ImageRepositoryName"], outputs.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal("${StagingBucket}", BootstrapSynthesis.Substituted(outputs["BucketName"]!["Value"]));
        Assert.Equal("${StagingBucket.RegionalDomainName}", BootstrapSynthesis.Substituted(outputs["BucketDomainName"]!["Value"]));
        Assert.Equal("${ContainerAssetsRepository}", BootstrapSynthesis.Substituted(outputs["ImageRepositoryName"]!["Value"]));
        Assert.Equal("CdkBootstrap-hnb659fds-FileAssetKeyArn", outputs["FileAssetKeyArn"]!["Export"]!["Name"]!.GetValue<string>());
    }

    [Fact]
    public void the_template_fits_in_an_inline_template_body()
    {
        // CreateChangeSet takes at most 51,200 bytes as TemplateBody
        // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
        Assert.True(Synthesized.Value.TemplateBytes < BootstrapSynthesis.TemplateBodyLimit, $"{Synthesized.Value.TemplateBytes} bytes");
        Assert.True(Synthesized.Value.TemplateBytes > 5_000, $"{Synthesized.Value.TemplateBytes} bytes: not the whole template");
    }

    [Fact]
    public void keeps_every_logical_id_and_differs_from_its_snapshot_only_as_allowed() => TemplateSnapshot.Match(Template);
}

/// <summary>Cross-account trust (<c>razors:bootstrapTrust</c>) and the execution role's policies (<c>razors:bootstrapExecutionPolicies</c>) from context.</summary>
[Collection(nameof(OneAppAtATime))]
public sealed class when_bootstrap_trust_and_execution_policies_are_given
{
    private const string Pipeline = "111111111111";
    private const string Tooling = "222222222222";
    private const string PowerUser = "arn:aws:iam::aws:policy/PowerUserAccess";
    private const string Boundary = "arn:aws:iam::333333333333:policy/razors-deploy";

    private static readonly Lazy<BootstrapSynthesis.Result> Synthesized = new(() => BootstrapSynthesis.Synthesize(new Dictionary<string, object>
    {
        [BootstrapSettings.TrustKey] = $"{Pipeline}, {Tooling}",
        [BootstrapSettings.ExecutionPoliciesKey] = $"{PowerUser},{Boundary}",
    }));

    [Fact]
    public void each_assumed_role_trusts_the_given_accounts_besides_its_own_and_never_with_an_external_id()
    {
        foreach (var (id, _) in BootstrapSynthesis.AssumedRoles)
        {
            var statements = BootstrapSynthesis.TrustStatements(Synthesized.Value.Template, id);
            var trusted = statements.Where(s => !BootstrapSynthesis.AwsPrincipals(s).Contains("${AWS::AccountId}")).ToList();
            Assert.Equal(2, trusted.Count);
            Assert.All(trusted, s => Assert.Equal(new HashSet<string>(StringComparer.Ordinal) { Pipeline, Tooling }, BootstrapSynthesis.AwsPrincipals(s)));
            Assert.Equal(["sts:AssumeRole", "sts:TagSession"], trusted.SelectMany(StackTemplate.Actions).Order(StringComparer.Ordinal));
            Assert.All(
                statements.Where(s => StackTemplate.Actions(s) is ["sts:AssumeRole"]),
                s => Assert.Equal("true", s["Condition"]!["Null"]!["sts:ExternalId"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void the_execution_role_has_the_given_policies_instead_of_administrator_access_and_trusts_cloudformation_alone()
    {
        var properties = BootstrapSynthesis.Properties(Synthesized.Value.Template, "CloudFormationExecutionRole");
        Assert.Equal([PowerUser, Boundary], properties["ManagedPolicyArns"]!.AsArray().Select(p => p!.GetValue<string>()));
        var trust = Assert.Single(properties["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
        Assert.Null(trust["Principal"]!["AWS"]);
    }

    [Fact]
    public void the_template_still_fits_in_an_inline_template_body() =>
        Assert.True(Synthesized.Value.TemplateBytes < BootstrapSynthesis.TemplateBodyLimit, $"{Synthesized.Value.TemplateBytes} bytes");

    [Fact]
    public void trust_without_execution_policies_is_refused_naming_both_keys()
    {
        var app = new App(new AppProps { Context = new Dictionary<string, object> { [BootstrapSettings.BootstrapKey] = "true", [BootstrapSettings.TrustKey] = Pipeline } });

        var error = Assert.Throws<ArgumentException>(() => RazorsApp.Compose(app));

        Assert.Contains($"'{BootstrapSettings.ExecutionPoliciesKey}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{BootstrapSettings.TrustKey}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("razors:bootstrap", "yes", "'true' or 'false'")]
    [InlineData("razors:bootstrapTrust", "12345", "12-digit AWS account ids")]
    [InlineData("razors:bootstrapTrust", "111111111111,,222222222222", "12-digit AWS account ids")]
    [InlineData("razors:bootstrapExecutionPolicies", "AdministratorAccess", "IAM managed policy ARNs")]
    [InlineData("razors:bootstrapExecutionPolicies", "arn:aws:iam::aws:role/Admin", "IAM managed policy ARNs")]
    public void a_malformed_value_fails_synthesis_naming_the_context_key_and_value(string key, string value, string expected)
    {
        var context = new Dictionary<string, object> { [BootstrapSettings.BootstrapKey] = "true", [key] = value };
        var app = new App(new AppProps { Context = context });

        var error = Assert.Throws<ArgumentException>(() => RazorsApp.Compose(app));

        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}

/// <summary>Without <c>razors:bootstrap</c> = <c>true</c> the app is the service stacks, as <c>cdk synth</c> has always built it.</summary>
[Collection(nameof(OneAppAtATime))]
public sealed class when_the_app_is_composed_without_the_bootstrap_context
{
    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public void it_holds_exactly_the_six_service_stacks(string? bootstrap)
    {
        var context = new Dictionary<string, object> { ["aws:cdk:bundling-stacks"] = Array.Empty<string>() };
        if (bootstrap is not null)
        {
            context[BootstrapSettings.BootstrapKey] = bootstrap;
        }

        var outdir = Directory.CreateTempSubdirectory("razors-infra-compose-").FullName;
        try
        {
            var app = new App(new AppProps { Context = context, Outdir = outdir });

            var stacks = RazorsApp.Compose(app);

            var expected = RazorsApp.Services.Select(s => s.StackName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(6, expected.Count);
            Assert.Equal(expected, stacks.Select(s => s.StackName).Order(StringComparer.Ordinal));
            Assert.Equal(expected, app.Node.Children.OfType<Stack>().Select(s => s.StackName).Order(StringComparer.Ordinal));
            Assert.All(stacks, s => Assert.IsType<ServiceStack>(s));
        }
        finally
        {
            Directory.Delete(outdir, recursive: true);
        }
    }
}

/// <summary>
/// The bootstrap template beside the standard one of the pinned CDK CLI (<c>cdk bootstrap
/// --show-template</c>, offline): the same logical ids where the standard template's conditions
/// hold for the choices of ADR 9, the same outputs and version parameter, and no version above the
/// CLI's, so that a later <c>cdk bootstrap</c> updates the stack in place.
/// </summary>
[Collection(nameof(OneAppAtATime))]
public sealed class the_bootstrap_template_beside_the_pinned_cdk_clis
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>Conditional in the standard template and off for the choices of ADR 9 (the AWS managed key, no permissions boundary).</summary>
    private static readonly string[] LeftOut = ["FileAssetsBucketEncryptionKey", "FileAssetsBucketEncryptionKeyAlias", "CdkBoostrapPermissionsBoundaryPolicy"];

    [Fact]
    public async Task has_its_resources_outputs_and_version_parameter_and_a_version_it_updates_in_place()
    {
        var standard = await ShowTemplate(TestContext.Current.CancellationToken);
        var ours = BootstrapSynthesis.Synthesize([]).Template;

        var standardResources = standard["Resources"]!.AsObject();
        Assert.All(LeftOut, id => Assert.NotNull(standardResources[id]?["Condition"]));
        Assert.Equal(
            standardResources.Select(r => r.Key).Except(LeftOut).Order(StringComparer.Ordinal),
            ours.LogicalResources.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(ours.LogicalResources, r => Assert.Equal(standardResources[r.Key]!["Type"]!.GetValue<string>(), r.Value!["Type"]!.GetValue<string>()));
        Assert.Equal(
            standard["Outputs"]!.AsObject().Select(o => o.Key).Order(StringComparer.Ordinal),
            ours.StackOutputs.Select(o => o.Key).Order(StringComparer.Ordinal));

        Assert.Equal(BootstrapStack.Qualifier, standard["Parameters"]!["Qualifier"]!["Default"]!.GetValue<string>());
        Assert.Equal(
            standardResources["CdkBootstrapVersion"]!["Properties"]!["Name"]!["Fn::Sub"]!.GetValue<string>().Replace("${Qualifier}", BootstrapStack.Qualifier, StringComparison.Ordinal),
            ours.LogicalResources["CdkBootstrapVersion"]!["Properties"]!["Name"]!.GetValue<string>());

        // The CLI refuses to update a stack whose version is above its template's, and one whose
        // BootstrapVariant parameter differs from its own (a stack without it is the default variant).
        var cliVersion = int.Parse(standard["Outputs"]!["BootstrapVersion"]!["Value"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(BootstrapStack.Version <= cliVersion, $"version {BootstrapStack.Version} is above the CLI's {cliVersion}");
        Assert.Null(ours.Template["Parameters"]);
    }

    private static async Task<JsonObject> ShowTemplate(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        var cdk = Path.Combine(root, ".tools", "node_modules", ".bin", "cdk");
        Assert.True(File.Exists(cdk), $"The CDK CLI is not installed at {cdk}: run scripts/install-tools.sh.");
        var directory = Directory.CreateTempSubdirectory("razors-cdk-bootstrap-").FullName;
        try
        {
            // From an empty directory: no cdk.json, so the CLI runs no app.
            var start = new ProcessStartInfo(cdk)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "bootstrap", "--show-template", "--json", "--no-notices" })
            {
                start.ArgumentList.Add(argument);
            }

            // Offline: no instance metadata lookups for credentials, no telemetry, no version check.
            start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            start.Environment["CDK_DISABLE_CLI_TELEMETRY"] = "true";
            start.Environment["CDK_DISABLE_VERSION_CHECK"] = "true";

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Limit);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                Assert.Fail($"cdk bootstrap --show-template did not finish within {Limit.TotalSeconds} s.");
            }

            Assert.True(process.ExitCode == 0, $"cdk bootstrap --show-template exited with {process.ExitCode}:\n{await stderr}");
            return JsonNode.Parse(await stdout)!.AsObject();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
