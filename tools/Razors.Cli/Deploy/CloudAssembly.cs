using System.Text.Json;
using System.Text.Json.Nodes;

namespace Razors.Cli.Deploy;

/// <summary>
/// A cloud assembly: the directory a CDK app writes when it synthesizes (<c>manifest.json</c>,
/// the stack templates, the asset manifests and the staged assets), read the way the CDK CLI reads
/// it. The shapes are those of the cloud assembly schema
/// (https://github.com/aws/aws-cdk-cli/tree/main/packages/%40aws-cdk/cloud-assembly-schema).
/// </summary>
internal sealed class CloudAssembly
{
    /// <summary>
    /// The newest schema major this code reads: Amazon.CDK.Lib 2.160.0 (Directory.Packages.props)
    /// writes 38.0.0. As in the CDK CLI, any version of a known major is accepted, a newer major is not.
    /// </summary>
    public const int SupportedSchemaMajor = 38;

    private const string StackType = "aws:cloudformation:stack";
    private const string AssetManifestType = "cdk:asset-manifest";
    private const string NestedAssemblyType = "cdk:cloud-assembly";

    private readonly Dictionary<string, StackArtifact> byId;

    private CloudAssembly(string directory, string version, IReadOnlyList<StackArtifact> stacks)
    {
        Directory = directory;
        Version = version;
        Stacks = stacks;
        byId = stacks.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>The assembly's directory (absolute).</summary>
    public string Directory { get; }

    /// <summary>The schema version <c>manifest.json</c> declares.</summary>
    public string Version { get; }

    /// <summary>The stacks in manifest order.</summary>
    public IReadOnlyList<StackArtifact> Stacks { get; }

    /// <summary>Runs the CDK app of <c>cdk.json</c> into <see cref="SynthesisRequest.OutputDirectory"/> and reads what it wrote.</summary>
    public static async Task<CloudAssembly> SynthesizeAsync(SynthesisRequest request, TextWriter log, CancellationToken ct)
    {
        await CdkApp.RunAsync(request, log, ct);
        return Read(request.OutputDirectory);
    }

    /// <summary>Reads the assembly in <paramref name="directory"/>; anything missing, unreadable or of an unknown schema is a <see cref="CloudAssemblyException"/>.</summary>
    public static CloudAssembly Read(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        directory = Path.GetFullPath(directory);
        var manifestFile = Path.Combine(directory, "manifest.json");
        var manifest = ReadObject(manifestFile, "cloud assembly manifest");
        var version = CheckVersion(manifestFile, manifest);
        var artifacts = manifest["artifacts"] as JsonObject ?? [];

        var dependencies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (id, node) in artifacts)
        {
            var artifact = node as JsonObject ?? throw Invalid(manifestFile, $"artifact '{id}' is not an object");
            dependencies[id] = Strings(artifact["dependencies"], manifestFile, $"artifact '{id}': dependencies");
        }

        var stacks = new List<StackArtifact>();
        foreach (var (id, node) in artifacts)
        {
            var artifact = (JsonObject)node!;
            switch (Text(artifact["type"]))
            {
                case StackType:
                    stacks.Add(ReadStack(directory, manifestFile, id, artifact, artifacts, dependencies));
                    break;
                case NestedAssemblyType:
                    throw new CloudAssemblyException($"{manifestFile}: artifact '{id}' is a nested cloud assembly (a CDK Stage), which razors does not deploy.");
                default:
                    // The tree, asset manifests (read with their stack), feature flag reports, …
                    break;
            }
        }

        return new CloudAssembly(directory, version, stacks);
    }

    /// <summary>
    /// The stacks named (by artifact id or stack name), each after every stack it depends on, and
    /// otherwise in manifest order. Only the named stacks: their dependencies are not added.
    /// </summary>
    public IReadOnlyList<StackArtifact> InDeployOrder(IEnumerable<string> stackNames)
    {
        ArgumentNullException.ThrowIfNull(stackNames);
        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in stackNames)
        {
            var stack = byId.GetValueOrDefault(name) ?? Stacks.FirstOrDefault(s => s.StackName == name)
                ?? throw new CloudAssemblyException(
                    $"No stack '{name}' in the cloud assembly {Directory}; it has: {string.Join(", ", Stacks.Select(s => s.Id == s.StackName ? s.Id : $"{s.Id} ({s.StackName})"))}.");
            selected.Add(stack.Id);
        }

        // Every stack a selected one needs, through unselected ones too: A → B → C puts C before A.
        var needs = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var id in selected)
        {
            needs[id] = Needs(id, [id], new HashSet<string>(StringComparer.Ordinal));
        }

        var ordered = new List<StackArtifact>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < selected.Count)
        {
            // The first stack in manifest order whose selected needs are all deployed before it.
            var next = Stacks.First(s => selected.Contains(s.Id) && !done.Contains(s.Id) && needs[s.Id].Where(selected.Contains).All(done.Contains));
            ordered.Add(next);
            done.Add(next.Id);
        }

        return ordered;
    }

    private HashSet<string> Needs(string id, List<string> path, HashSet<string> found)
    {
        foreach (var dependency in byId[id].DependsOn)
        {
            if (path.Contains(dependency))
            {
                var cycle = path.Skip(path.IndexOf(dependency)).Append(dependency);
                throw new CloudAssemblyException($"The stacks depend on each other in a cycle: {string.Join(" → ", cycle)}.");
            }

            if (found.Add(dependency))
            {
                path.Add(dependency);
                Needs(dependency, path, found);
                path.RemoveAt(path.Count - 1);
            }
        }

        return found;
    }

    private static StackArtifact ReadStack(
        string directory, string manifestFile, string id, JsonObject artifact, JsonObject artifacts, Dictionary<string, IReadOnlyList<string>> dependencies)
    {
        var properties = artifact["properties"] as JsonObject ?? throw Invalid(manifestFile, $"stack '{id}' has no properties");
        var templateFile = Text(properties["templateFile"]) ?? throw Invalid(manifestFile, $"stack '{id}' has no templateFile");
        var templatePath = Path.GetFullPath(templateFile, directory);
        if (!File.Exists(templatePath))
        {
            throw new CloudAssemblyException($"{manifestFile}: the template of stack '{id}', {templatePath}, does not exist.");
        }

        var (account, region) = Environment(Text(artifact["environment"]), manifestFile, id);
        var assetManifests = dependencies[id]
            .Where(d => artifacts[d] is JsonObject dependency && Text(dependency["type"]) == AssetManifestType)
            .ToList();
        if (assetManifests.Count > 1)
        {
            throw new CloudAssemblyException($"{manifestFile}: stack '{id}' depends on {assetManifests.Count} asset manifests ({string.Join(", ", assetManifests)}); razors publishes one per stack.");
        }

        var assets = assetManifests.Count == 1 ? ReadAssetManifest(directory, manifestFile, assetManifests[0], (JsonObject)artifacts[assetManifests[0]]!) : null;
        return new StackArtifact(
            id,
            Text(properties["stackName"]) ?? id,
            Text(artifact["displayName"]) ?? id,
            templatePath,
            account,
            region,
            StacksReached(id, artifacts, dependencies, manifestFile),
            Text(properties["assumeRoleArn"]),
            Text(properties["assumeRoleExternalId"]),
            Text(properties["cloudFormationExecutionRoleArn"]),
            Text(properties["stackTemplateAssetObjectUrl"]),
            Int(properties["requiresBootstrapStackVersion"]),
            Text(properties["bootstrapStackVersionSsmParameter"]),
            Map(properties["parameters"], manifestFile, $"stack '{id}': parameters"),
            Map(properties["tags"], manifestFile, $"stack '{id}': tags"),
            properties["terminationProtection"]?.GetValueKind() == JsonValueKind.True,
            assets);
    }

    /// <summary>The stacks <paramref name="id"/> depends on, directly or through artifacts that are not stacks (its asset manifest, …).</summary>
    private static List<string> StacksReached(string id, JsonObject artifacts, Dictionary<string, IReadOnlyList<string>> dependencies, string manifestFile)
    {
        var stacks = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { id };
        var pending = new Queue<string>(dependencies[id]);
        while (pending.TryDequeue(out var dependency))
        {
            if (artifacts[dependency] is not JsonObject artifact)
            {
                throw Invalid(manifestFile, $"artifact '{id}' depends on '{dependency}', which is not in the manifest");
            }

            if (Text(artifact["type"]) == StackType)
            {
                if (!stacks.Contains(dependency))
                {
                    stacks.Add(dependency);
                }
            }
            else if (seen.Add(dependency))
            {
                foreach (var next in dependencies[dependency])
                {
                    pending.Enqueue(next);
                }
            }
        }

        return stacks;
    }

    private static AssetManifest ReadAssetManifest(string directory, string manifestFile, string id, JsonObject artifact)
    {
        var properties = artifact["properties"] as JsonObject ?? throw Invalid(manifestFile, $"asset manifest '{id}' has no properties");
        var file = Path.GetFullPath(Text(properties["file"]) ?? throw Invalid(manifestFile, $"asset manifest '{id}' has no file"), directory);
        var assets = ReadObject(file, "asset manifest");
        CheckVersion(file, assets);
        var assetDirectory = Path.GetDirectoryName(file)!;

        var files = new List<FileAsset>();
        foreach (var (assetId, node) in assets["files"] as JsonObject ?? [])
        {
            var source = node?["source"] as JsonObject ?? throw Invalid(file, $"file asset '{assetId}' has no source");
            if (source["executable"] is not null)
            {
                throw new CloudAssemblyException($"{file}: file asset '{assetId}' is built by a command (source.executable), which razors does not run.");
            }

            var path = Path.GetFullPath(Text(source["path"]) ?? throw Invalid(file, $"file asset '{assetId}' has no source path"), assetDirectory);
            var packaging = Text(source["packaging"]) switch
            {
                null or "file" => FileAssetPackaging.File,
                "zip" => FileAssetPackaging.ZipDirectory,
                var other => throw Invalid(file, $"file asset '{assetId}' has packaging '{other}' (known: file, zip)"),
            };
            if (packaging == FileAssetPackaging.File ? !File.Exists(path) : !System.IO.Directory.Exists(path))
            {
                throw new CloudAssemblyException($"{file}: the source of file asset '{assetId}', {path}, is not an existing {(packaging == FileAssetPackaging.File ? "file" : "directory")}.");
            }

            var destinations = new List<FileAssetDestination>();
            foreach (var (destinationId, destinationNode) in node!["destinations"] as JsonObject ?? [])
            {
                var destination = destinationNode as JsonObject ?? throw Invalid(file, $"file asset '{assetId}': destination '{destinationId}' is not an object");
                destinations.Add(new FileAssetDestination(
                    Text(destination["bucketName"]) ?? throw Invalid(file, $"file asset '{assetId}': destination '{destinationId}' has no bucketName"),
                    Text(destination["objectKey"]) ?? throw Invalid(file, $"file asset '{assetId}': destination '{destinationId}' has no objectKey"),
                    Text(destination["region"]),
                    Text(destination["assumeRoleArn"]),
                    Text(destination["assumeRoleExternalId"])));
            }

            files.Add(new FileAsset(assetId, path, packaging, destinations));
        }

        var images = (assets["dockerImages"] as JsonObject ?? []).Select(i => i.Key).ToList();
        return new AssetManifest(file, files, images, Int(properties["requiresBootstrapStackVersion"]), Text(properties["bootstrapStackVersionSsmParameter"]));
    }

    private static (string? Account, string? Region) Environment(string? environment, string manifestFile, string id)
    {
        // aws://<account>/<region>, with unknown-account / unknown-region for an environment-agnostic stack.
        const string Scheme = "aws://";
        if (environment is null)
        {
            return (null, null);
        }

        var parts = environment.StartsWith(Scheme, StringComparison.Ordinal) ? environment[Scheme.Length..].Split('/') : [];
        if (parts.Length != 2)
        {
            throw Invalid(manifestFile, $"stack '{id}' has environment '{environment}', not aws://<account>/<region>");
        }

        return (parts[0] == "unknown-account" ? null : parts[0], parts[1] == "unknown-region" ? null : parts[1]);
    }

    private static string CheckVersion(string file, JsonObject manifest)
    {
        var version = Text(manifest["version"]);
        var major = version?.Split('.') is [var first, _, ..] && int.TryParse(first, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
        if (major is null || major > SupportedSchemaMajor)
        {
            throw new CloudAssemblyException(
                $"{file}: cloud assembly schema version {(version is null ? "(none)" : $"'{version}'")} is not supported; razors reads versions up to {SupportedSchemaMajor}.x.x "
                + "(the schema Amazon.CDK.Lib 2.160.0 writes). A newer CDK library needs a newer razors.");
        }

        return version!;
    }

    private static JsonObject ReadObject(string file, string what)
    {
        if (!File.Exists(file))
        {
            throw new CloudAssemblyException($"{file}: the {what} does not exist.");
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(file)) as JsonObject ?? throw Invalid(file, "it is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new CloudAssemblyException($"{file}: the {what} is not valid JSON: {e.Message}", e);
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static int? Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    private static IReadOnlyList<string> Strings(JsonNode? node, string file, string what) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select(n => Text(n) ?? throw Invalid(file, $"{what} holds a value that is not a string"))],
        _ => throw Invalid(file, $"{what} is not an array"),
    };

    private static Dictionary<string, string> Map(JsonNode? node, string file, string what) => node switch
    {
        null => [],
        JsonObject map => map.ToDictionary(p => p.Key, p => Text(p.Value) ?? throw Invalid(file, $"{what}: '{p.Key}' is not a string"), StringComparer.Ordinal),
        _ => throw Invalid(file, $"{what} is not an object"),
    };

    private static CloudAssemblyException Invalid(string file, string what) => new($"{file}: {what}.");
}

/// <summary>
/// What to synthesize: the repository whose <c>cdk.json</c> names the app, where the assembly goes,
/// the context (<c>-c key=value</c>; values stay strings, as the CDK CLI passes them) and the
/// default environment the app sees as <c>CDK_DEFAULT_ACCOUNT</c>/<c>CDK_DEFAULT_REGION</c>.
/// </summary>
internal sealed record SynthesisRequest(string RepositoryRoot, string OutputDirectory, IReadOnlyDictionary<string, string> Context, string? Account, string? Region);

/// <summary>A stack of the assembly, with the bootstrap roles and versions its synthesizer asked for (placeholders such as <c>${AWS::AccountId}</c> unresolved).</summary>
internal sealed record StackArtifact(
    string Id,
    string StackName,
    string DisplayName,
    string TemplateFile,
    string? Account,
    string? Region,
    IReadOnlyList<string> DependsOn,
    string? AssumeRoleArn,
    string? AssumeRoleExternalId,
    string? CloudFormationExecutionRoleArn,
    string? StackTemplateAssetObjectUrl,
    int? RequiresBootstrapStackVersion,
    string? BootstrapStackVersionSsmParameter,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string> Tags,
    bool TerminationProtection,
    AssetManifest? Assets);

/// <summary>A stack's asset manifest (<c>&lt;Stack&gt;.assets.json</c>): its file assets and the ids of its container image assets.</summary>
internal sealed record AssetManifest(
    string File,
    IReadOnlyList<FileAsset> Files,
    IReadOnlyList<string> DockerImageIds,
    int? RequiresBootstrapStackVersion,
    string? BootstrapStackVersionSsmParameter);

/// <summary>A file or a directory (zipped on publishing) and the buckets and keys it goes to.</summary>
internal sealed record FileAsset(string Id, string SourcePath, FileAssetPackaging Packaging, IReadOnlyList<FileAssetDestination> Destinations);

internal enum FileAssetPackaging
{
    /// <summary>The file as it is.</summary>
    File,

    /// <summary>The directory, zipped.</summary>
    ZipDirectory,
}

/// <summary>Where a file asset goes, with the role to publish it as (placeholders unresolved).</summary>
internal sealed record FileAssetDestination(string BucketName, string ObjectKey, string? Region, string? AssumeRoleArn, string? AssumeRoleExternalId);

/// <summary>A cloud assembly that cannot be produced or read.</summary>
internal sealed class CloudAssemblyException : Exception
{
    public CloudAssemblyException()
    {
    }

    public CloudAssemblyException(string message)
        : base(message)
    {
    }

    public CloudAssemblyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
