using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Razors.Cli.Deploy;
using Razors.Topology;

namespace Razors.Cli.Tests.Deploy;

/// <summary>
/// The cloud assembly the infra app really writes when razors synthesizes it from the repository
/// root through cdk.json, with real bundling (<c>dotnet publish</c> of each Lambda project): the one
/// <c>razors deploy --all --dry-run</c> of <see cref="DryRunAssembly"/> wrote, with
/// <c>razors:apiRateLimit</c> set to 7.
/// </summary>
public sealed class when_the_infra_app_is_synthesized(DryRunAssembly synthesized, ITestOutputHelper output)
{
    private const string Placeholders = "${AWS::AccountId}-${AWS::Region}";
    private const string AssetsBucket = $"cdk-hnb659fds-assets-{Placeholders}";

    private CloudAssembly Assembly { get; } = CloudAssembly.Read(synthesized.Directory);

    private static JsonObject Template(StackArtifact stack) => (JsonObject)JsonNode.Parse(File.ReadAllText(stack.TemplateFile))!;

    private static IEnumerable<JsonObject> Resources(JsonObject template, string type) =>
        template["Resources"]!.AsObject().Select(r => r.Value!.AsObject()).Where(r => r["Type"]!.GetValue<string>() == type);

    [Fact]
    public void it_writes_the_six_service_stacks_in_manifest_order_each_with_its_template()
    {
        output.WriteLine($"Synthesis with bundling took {synthesized.Took.TotalSeconds:0} s.");

        Assert.Equal(
            ["RazorsSubscription", "RazorsStock", "RazorsPayments", "RazorsCustomers", "RazorsNotifications", "RazorsInsights"],
            Assembly.Stacks.Select(s => s.Id));
        Assert.All(Assembly.Stacks, stack =>
        {
            Assert.Equal((stack.Id, stack.Id), (stack.StackName, stack.DisplayName));
            Assert.True(File.Exists(stack.TemplateFile), stack.TemplateFile);
            Assert.Equal(Assembly.Directory, Path.GetDirectoryName(stack.TemplateFile));
            // Environment-agnostic: the account and region are the deploying ones.
            Assert.Equal((null, null), (stack.Account, stack.Region));
            Assert.False(stack.TerminationProtection);
            Assert.NotEmpty(stack.Tags["razors:service"]);
        });
        // The deploy order infra/Razors.Infra/RazorsApp.cs declares (DeployAfter), as stack dependencies.
        Assert.Equal(
            [
                "RazorsSubscription: RazorsInsights RazorsNotifications RazorsPayments RazorsStock",
                "RazorsStock: RazorsInsights",
                "RazorsPayments: RazorsInsights",
                "RazorsCustomers: RazorsInsights RazorsNotifications",
                "RazorsNotifications: RazorsInsights",
                "RazorsInsights: ",
            ],
            Assembly.Stacks.Select(s => $"{s.Id}: {string.Join(" ", s.DependsOn.Order(StringComparer.Ordinal))}"));
        var order = Assembly.InDeployOrder(Assembly.Stacks.Select(s => s.StackName).Reverse()).Select(s => s.Id).ToList();
        Assert.Equal("RazorsInsights", order[0]);
        Assert.All(Assembly.Stacks, s => Assert.All(s.DependsOn, d => Assert.True(order.IndexOf(d) < order.IndexOf(s.Id), string.Join(", ", order))));
        Assert.Contains("Bundling asset RazorsSubscription/", synthesized.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void every_stack_asks_for_the_bootstrap_roles_and_version_6()
    {
        Assert.All(Assembly.Stacks, stack =>
        {
            Assert.Equal($"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/cdk-hnb659fds-deploy-role-{Placeholders}", stack.AssumeRoleArn);
            Assert.Equal($"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/cdk-hnb659fds-cfn-exec-role-{Placeholders}", stack.CloudFormationExecutionRoleArn);
            Assert.Null(stack.AssumeRoleExternalId);
            Assert.Equal((6, "/cdk-bootstrap/hnb659fds/version"), (stack.RequiresBootstrapStackVersion, stack.BootstrapStackVersionSsmParameter));
            Assert.NotNull(stack.Assets);
            Assert.Equal((6, "/cdk-bootstrap/hnb659fds/version"), (stack.Assets.RequiresBootstrapStackVersion, stack.Assets.BootstrapStackVersionSsmParameter));
            Assert.Empty(stack.Assets.DockerImageIds);
            Assert.All(stack.Assets.Files.SelectMany(f => f.Destinations), d =>
            {
                Assert.Equal(AssetsBucket, d.BucketName);
                Assert.Equal($"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/cdk-hnb659fds-file-publishing-role-{Placeholders}", d.AssumeRoleArn);
            });
        });
    }

    [Fact]
    public void each_template_is_a_file_asset_at_the_stacks_template_url_keyed_by_its_hash()
    {
        Assert.All(Assembly.Stacks, stack =>
        {
            var asset = Assert.Single(stack.Assets!.Files, f => f.SourcePath == stack.TemplateFile);
            Assert.Equal(FileAssetPackaging.File, asset.Packaging);
            var destination = Assert.Single(asset.Destinations);
            Assert.Equal(stack.StackTemplateAssetObjectUrl, $"s3://{destination.BucketName}/{destination.ObjectKey}");
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(stack.TemplateFile))), asset.Id);
        });
    }

    [Fact]
    public void every_function_is_in_a_zip_asset_of_its_stack_holding_its_handler_assembly()
    {
        foreach (var stack in Assembly.Stacks)
        {
            var zips = stack.Assets!.Files.Where(f => f.Packaging == FileAssetPackaging.ZipDirectory).ToList();
            // CDK's bucket notifications handler has its code inline, not in an asset.
            var functions = Resources(Template(stack), "AWS::Lambda::Function").Where(f => f["Properties"]!["Code"]!["S3Key"] is not null).ToList();
            Assert.NotEmpty(functions);
            foreach (var function in functions)
            {
                var properties = function["Properties"]!;
                var handler = properties["Handler"]!.GetValue<string>();
                var assembly = handler[..handler.IndexOf("::", StringComparison.Ordinal)];
                var key = properties["Code"]!["S3Key"]!.GetValue<string>();
                Assert.Equal(AssetsBucket, properties["Code"]!["S3Bucket"]!["Fn::Sub"]!.GetValue<string>());
                var asset = Assert.Single(zips, z => z.Destinations.Any(d => d.ObjectKey == key));
                Assert.True(File.Exists(Path.Combine(asset.SourcePath, $"{assembly}.dll")), $"{stack.Id}: asset {asset.SourcePath} lacks {assembly}.dll");
                Assert.True(File.Exists(Path.Combine(asset.SourcePath, $"{assembly}.runtimeconfig.json")), $"{stack.Id}: asset {asset.SourcePath} lacks the runtimeconfig Lambda's .NET runtime needs");
                Assert.False(Directory.Exists(Path.Combine(asset.SourcePath, "obj")), $"{asset.SourcePath} holds build intermediates");
            }
        }

        Assert.Equal(
            RazorsTopology.Build().Functions.Select(f => f.Code!.Project).Distinct().Count(),
            Assembly.Stacks.SelectMany(s => s.Assets!.Files).Where(f => f.Packaging == FileAssetPackaging.ZipDirectory).Select(f => f.Id).Distinct().Count());
    }

    [Fact]
    public void the_context_reaches_the_app_every_http_api_admits_7_requests_a_second()
    {
        var stages = Assembly.Stacks.SelectMany(s => Resources(Template(s), "AWS::ApiGatewayV2::Stage")).ToList();

        Assert.Equal(5, stages.Count);
        Assert.All(stages, stage => Assert.Equal(7, stage["Properties"]!["DefaultRouteSettings"]!["ThrottlingRateLimit"]!.GetValue<double>()));
    }

    [Fact]
    public async Task a_context_value_the_app_refuses_fails_synthesis_with_the_apps_own_message()
    {
        // After the fixture: the app is built, so this run only starts it (about 15 s here).
        var outdir = Directory.CreateTempSubdirectory("razors-synth-refused-");
        using var log = new StringWriter();
        try
        {
            var root = RepositoryRoot.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
            var request = new SynthesisRequest(root, outdir.FullName, new Dictionary<string, string> { ["razors:apiRateLimit"] = "abc" }, null, null);

            var error = await Assert.ThrowsAsync<CloudAssemblyException>(() => CloudAssembly.SynthesizeAsync(request, TextWriter.Synchronized(log), TestContext.Current.CancellationToken));

            Assert.StartsWith("The CDK app `dotnet run --project infra/Razors.Infra -c Release` (cdk.json, in ", error.Message, StringComparison.Ordinal);
            Assert.Contains("Context 'razors:apiRateLimit' must be a number from 1 to 10000, got 'abc'.", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            outdir.Delete(recursive: true);
        }
    }
}
