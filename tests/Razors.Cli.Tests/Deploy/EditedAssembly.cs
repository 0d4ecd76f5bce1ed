using System.Text.Json.Nodes;

namespace Razors.Cli.Tests.Deploy;

/// <summary>
/// A copy of a cloud assembly with one stack's template edited, as a new synthesis after a code
/// change would give: the template's uploaded copy gets a new object key, so a deploy uploads it.
/// The asset folders are linked, not copied.
/// </summary>
internal sealed class EditedAssembly : IDisposable
{
    private EditedAssembly(string directory) => Directory = directory;

    public string Directory { get; }

    public static EditedAssembly Of(string source, string stackName, Action<JsonObject> edit)
    {
        var target = System.IO.Directory.CreateTempSubdirectory("razors-edited-assembly-").FullName;
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            if (entry is DirectoryInfo)
            {
                System.IO.Directory.CreateSymbolicLink(destination, entry.FullName);
            }
            else
            {
                File.Copy(entry.FullName, destination);
            }
        }

        var templateFile = Path.Combine(target, $"{stackName}.template.json");
        var template = JsonNode.Parse(File.ReadAllText(templateFile))!.AsObject();
        edit(template);
        File.WriteAllText(templateFile, template.ToJsonString());

        // The template's object key is its hash in the manifest and the asset manifest; a new key is a new upload.
        var manifest = File.ReadAllText(Path.Combine(target, "manifest.json"));
        var url = JsonNode.Parse(manifest)!["artifacts"]![stackName]!["properties"]!["stackTemplateAssetObjectUrl"]!.GetValue<string>();
        var key = url[(url.LastIndexOf('/') + 1)..];
        var edited = key.Replace(".json", "-edited.json", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(target, "manifest.json"), manifest.Replace(key, edited, StringComparison.Ordinal));
        var assets = Path.Combine(target, $"{stackName}.assets.json");
        File.WriteAllText(assets, File.ReadAllText(assets).Replace(key, edited, StringComparison.Ordinal));
        return new EditedAssembly(target);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
