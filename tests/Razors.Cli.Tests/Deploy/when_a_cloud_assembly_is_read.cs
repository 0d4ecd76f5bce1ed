using System.Text.Json.Nodes;
using Razors.Cli.Deploy;

namespace Razors.Cli.Tests.Deploy;

/// <summary>Cloud assemblies written by hand into a temporary folder, in the shapes of the cloud assembly schema.</summary>
public sealed class when_a_cloud_assembly_is_read : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("razors-assembly-");

    public void Dispose() => dir.Delete(recursive: true);

    private string ManifestFile => Path.Combine(dir.FullName, "manifest.json");

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(dir.FullName, name), text);

    private static JsonObject Stack(string id, params string[] dependencies)
    {
        var stack = new JsonObject
        {
            ["type"] = "aws:cloudformation:stack",
            ["environment"] = "aws://unknown-account/unknown-region",
            ["properties"] = new JsonObject { ["templateFile"] = $"{id}.template.json" },
        };
        if (dependencies.Length > 0)
        {
            stack["dependencies"] = new JsonArray([.. dependencies.Select(d => (JsonNode)d)]);
        }

        return stack;
    }

    private static JsonObject Assets(string file, params string[] dependencies)
    {
        var assets = new JsonObject { ["type"] = "cdk:asset-manifest", ["properties"] = new JsonObject { ["file"] = file } };
        if (dependencies.Length > 0)
        {
            assets["dependencies"] = new JsonArray([.. dependencies.Select(d => (JsonNode)d)]);
        }

        return assets;
    }

    private CloudAssembly ReadWith(JsonObject artifacts, string version = "38.0.0")
    {
        foreach (var (id, artifact) in artifacts)
        {
            if (artifact!["properties"]?["templateFile"]?.GetValue<string>() is { } template)
            {
                Write(template, "{}");
            }

            if (artifact["properties"]?["file"]?.GetValue<string>() is { } assets && !File.Exists(Path.Combine(dir.FullName, assets)))
            {
                Write(assets, """{"version":"38.0.0","files":{},"dockerImages":{}}""");
            }
        }

        Write("manifest.json", new JsonObject { ["version"] = version, ["artifacts"] = artifacts }.ToJsonString());
        return CloudAssembly.Read(dir.FullName);
    }

    [Theory]
    [InlineData("39.0.0")]
    [InlineData("54.0.0")]
    public void a_newer_schema_major_is_refused_naming_the_file_the_version_and_the_supported_one(string version)
    {
        var error = Assert.Throws<CloudAssemblyException>(() => ReadWith(new JsonObject { ["A"] = Stack("A") }, version));

        Assert.Contains(ManifestFile, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{version}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("up to 38.x.x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void an_older_or_same_major_is_read()
    {
        Assert.Equal("36.0.5", ReadWith(new JsonObject { ["A"] = Stack("A") }, "36.0.5").Version);
        Assert.Equal("38.1.0", ReadWith(new JsonObject { ["A"] = Stack("A") }, "38.1.0").Version);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("")]
    public void an_unparsable_version_is_refused(string version)
    {
        var error = Assert.Throws<CloudAssemblyException>(() => ReadWith(new JsonObject { ["A"] = Stack("A") }, version));

        Assert.Contains($"{ManifestFile}: cloud assembly schema version '{version}' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_missing_manifest_bad_json_or_a_missing_template_is_named()
    {
        var missing = Assert.Throws<CloudAssemblyException>(() => CloudAssembly.Read(dir.FullName));
        Assert.Equal($"{ManifestFile}: the cloud assembly manifest does not exist.", missing.Message);

        Write("manifest.json", """{"version": "38.0.0", "artifacts": {""");
        var bad = Assert.Throws<CloudAssemblyException>(() => CloudAssembly.Read(dir.FullName));
        Assert.StartsWith($"{ManifestFile}: the cloud assembly manifest is not valid JSON:", bad.Message, StringComparison.Ordinal);

        Write("manifest.json", new JsonObject { ["version"] = "38.0.0", ["artifacts"] = new JsonObject { ["A"] = Stack("A") } }.ToJsonString());
        var template = Assert.Throws<CloudAssemblyException>(() => CloudAssembly.Read(dir.FullName));
        Assert.Contains($"the template of stack 'A', {Path.Combine(dir.FullName, "A.template.json")}, does not exist", template.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void stacks_deploy_after_what_they_depend_on_also_through_asset_manifests_and_unselected_stacks()
    {
        // A needs B; B's asset manifest needs C: C, then B, then A. Otherwise manifest order, whatever order the names come in.
        var assembly = ReadWith(new JsonObject
        {
            ["A"] = Stack("A", "A.assets", "B"),
            ["A.assets"] = Assets("A.assets.json"),
            ["B"] = Stack("B", "B.assets"),
            ["B.assets"] = Assets("B.assets.json", "C"),
            ["C"] = Stack("C"),
            ["D"] = Stack("D"),
            ["Tree"] = new JsonObject { ["type"] = "cdk:tree", ["properties"] = new JsonObject { ["file"] = "tree.json" } },
        });

        Assert.Equal(["A", "B", "C", "D"], assembly.Stacks.Select(s => s.Id));
        Assert.Equal(["B"], assembly.Stacks[0].DependsOn);
        Assert.Equal(["C"], assembly.Stacks[1].DependsOn);
        Assert.Equal(["C", "B", "A", "D"], assembly.InDeployOrder(["A", "B", "C", "D"]).Select(s => s.Id));
        Assert.Equal(["C", "A"], assembly.InDeployOrder(["A", "C"]).Select(s => s.Id));
        Assert.Equal(["A", "D"], assembly.InDeployOrder(["D", "A"]).Select(s => s.Id));
    }

    [Fact]
    public void a_dependency_cycle_is_refused_naming_it()
    {
        var assembly = ReadWith(new JsonObject
        {
            ["A"] = Stack("A", "A.assets"),
            ["A.assets"] = Assets("A.assets.json", "B"),
            ["B"] = Stack("B", "A"),
            ["C"] = Stack("C"),
        });

        Assert.Equal(["C"], assembly.InDeployOrder(["C"]).Select(s => s.Id));
        var error = Assert.Throws<CloudAssemblyException>(() => assembly.InDeployOrder(["C", "A"]));
        Assert.Equal("The stacks depend on each other in a cycle: A → B → A.", error.Message);
    }

    [Fact]
    public void a_stack_is_found_by_its_stack_name_and_an_unknown_name_lists_the_known_ones()
    {
        var alpha = Stack("Alpha");
        alpha["properties"]!["stackName"] = "razors-alpha";
        var assembly = ReadWith(new JsonObject { ["Alpha"] = alpha, ["Beta"] = Stack("Beta") });

        Assert.Equal("razors-alpha", Assert.Single(assembly.InDeployOrder(["razors-alpha"])).StackName);
        var error = Assert.Throws<CloudAssemblyException>(() => assembly.InDeployOrder(["Gamma"]));
        Assert.Equal($"No stack 'Gamma' in the cloud assembly {dir.FullName}; it has: Alpha (razors-alpha), Beta.", error.Message);
    }

    [Fact]
    public void a_stack_carries_its_environment_roles_parameters_tags_and_its_assets_with_image_ids()
    {
        Directory.CreateDirectory(Path.Combine(dir.FullName, "asset.abc"));
        Write("A.assets.json", """
            {
              "version": "38.0.0",
              "files": {
                "abc": {
                  "source": { "path": "asset.abc", "packaging": "zip" },
                  "destinations": {
                    "111122223333-eu-west-1": {
                      "bucketName": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}",
                      "objectKey": "abc.zip",
                      "region": "eu-west-1",
                      "assumeRoleArn": "arn:${AWS::Partition}:iam::111122223333:role/publishing",
                      "assumeRoleExternalId": "ext"
                    }
                  }
                },
                "tpl": { "source": { "path": "A.template.json" }, "destinations": {} }
              },
              "dockerImages": { "img1": { "source": { "directory": "asset.img1" }, "destinations": {} } }
            }
            """);
        var stack = Stack("A", "A.assets");
        stack["environment"] = "aws://111122223333/eu-west-1";
        stack["displayName"] = "Stage/A";
        stack["properties"] = new JsonObject
        {
            ["templateFile"] = "A.template.json",
            ["terminationProtection"] = true,
            ["parameters"] = new JsonObject { ["SenderAddress"] = "shop@example.com" },
            ["tags"] = new JsonObject { ["razors:service"] = "stock" },
            ["assumeRoleArn"] = "arn:aws:iam::111122223333:role/deploy",
            ["assumeRoleExternalId"] = "deploy-ext",
            ["cloudFormationExecutionRoleArn"] = "arn:aws:iam::111122223333:role/exec",
            ["stackTemplateAssetObjectUrl"] = "s3://bucket/tpl.json",
            ["requiresBootstrapStackVersion"] = 6,
            ["bootstrapStackVersionSsmParameter"] = "/cdk-bootstrap/hnb659fds/version",
        };
        var assets = Assets("A.assets.json");
        assets["properties"]!["requiresBootstrapStackVersion"] = 6;

        var a = Assert.Single(ReadWith(new JsonObject { ["A.assets"] = assets, ["A"] = stack }).Stacks);

        Assert.Equal(("A", "A", "Stage/A", Path.Combine(dir.FullName, "A.template.json")), (a.Id, a.StackName, a.DisplayName, a.TemplateFile));
        Assert.Equal(("111122223333", "eu-west-1"), (a.Account, a.Region));
        Assert.Equal(("arn:aws:iam::111122223333:role/deploy", "deploy-ext", "arn:aws:iam::111122223333:role/exec"), (a.AssumeRoleArn, a.AssumeRoleExternalId, a.CloudFormationExecutionRoleArn));
        Assert.Equal(("s3://bucket/tpl.json", 6, "/cdk-bootstrap/hnb659fds/version"), (a.StackTemplateAssetObjectUrl, a.RequiresBootstrapStackVersion, a.BootstrapStackVersionSsmParameter));
        Assert.Equal("shop@example.com", a.Parameters["SenderAddress"]);
        Assert.Equal("stock", a.Tags["razors:service"]);
        Assert.True(a.TerminationProtection);
        Assert.Empty(a.DependsOn);
        Assert.NotNull(a.Assets);
        Assert.Equal((Path.Combine(dir.FullName, "A.assets.json"), 6), (a.Assets.File, a.Assets.RequiresBootstrapStackVersion));
        Assert.Equal(["img1"], a.Assets.DockerImageIds);
        var zip = a.Assets.Files[0];
        Assert.Equal(("abc", Path.Combine(dir.FullName, "asset.abc"), FileAssetPackaging.ZipDirectory), (zip.Id, zip.SourcePath, zip.Packaging));
        Assert.Equal(
            new FileAssetDestination("cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}", "abc.zip", "eu-west-1", "arn:${AWS::Partition}:iam::111122223333:role/publishing", "ext"),
            Assert.Single(zip.Destinations));
        Assert.Equal(("tpl", a.TemplateFile, FileAssetPackaging.File), (a.Assets.Files[1].Id, a.Assets.Files[1].SourcePath, a.Assets.Files[1].Packaging));
    }

    [Fact]
    public void an_asset_whose_source_is_missing_is_named_with_its_manifest()
    {
        Write("A.assets.json", """{"version":"38.0.0","files":{"abc":{"source":{"path":"asset.abc","packaging":"zip"},"destinations":{}}}}""");

        var error = Assert.Throws<CloudAssemblyException>(() => ReadWith(new JsonObject { ["A"] = Stack("A", "A.assets"), ["A.assets"] = Assets("A.assets.json") }));

        Assert.Equal(
            $"{Path.Combine(dir.FullName, "A.assets.json")}: the source of file asset 'abc', {Path.Combine(dir.FullName, "asset.abc")}, is not an existing directory.",
            error.Message);
    }
}
