using System.Text.Json;

namespace Razors.Cli.Deploy;

/// <summary>What a deploy needs to know of a synthesized template: its size, its resources and the parameters it declares.</summary>
internal sealed record TemplateSummary(string Path, long Bytes, IReadOnlyDictionary<string, int> ResourceTypes, IReadOnlyDictionary<string, TemplateParameter> Parameters)
{
    /// <summary>The largest template CloudFormation takes inline (<c>TemplateBody</c>); a bigger one must be uploaded and passed by URL.</summary>
    public const int MaxInlineBytes = 51_200;

    public int ResourceCount => ResourceTypes.Values.Sum();

    public static TemplateSummary Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new DeployException($"Cannot read the template {path}: {e.Message}");
        }

        using (document)
        {
            var types = new SortedDictionary<string, int>(StringComparer.Ordinal);
            if (document.RootElement.TryGetProperty("Resources", out var resources) && resources.ValueKind == JsonValueKind.Object)
            {
                foreach (var resource in resources.EnumerateObject())
                {
                    var type = resource.Value.TryGetProperty("Type", out var t) ? t.GetString() ?? "?" : "?";
                    types[type] = types.GetValueOrDefault(type) + 1;
                }
            }

            var parameters = new SortedDictionary<string, TemplateParameter>(StringComparer.Ordinal);
            if (document.RootElement.TryGetProperty(nameof(Parameters), out var declared) && declared.ValueKind == JsonValueKind.Object)
            {
                foreach (var parameter in declared.EnumerateObject())
                {
                    var description = parameter.Value.TryGetProperty("Description", out var d) ? d.GetString() : null;
                    parameters[parameter.Name] = new TemplateParameter(parameter.Name, parameter.Value.TryGetProperty("Default", out _), description);
                }
            }

            return new TemplateSummary(path, new FileInfo(path).Length, types, parameters);
        }
    }
}

/// <summary>A parameter a template declares; one without a default must be given on the first deploy.</summary>
internal sealed record TemplateParameter(string Name, bool HasDefault, string? Description);
