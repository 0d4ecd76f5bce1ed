using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Razors.Infra.Tests;

/// <summary>
/// A stack's template against the one checked in under <c>expected/</c>. A changed logical id
/// would make CloudFormation replace the resource (a new, empty table), so a refactoring of the
/// CDK code must leave the templates as they are, except for the differences listed in
/// <see cref="Allowed"/>. Files are only rewritten on request: RAZORS_UPDATE_SNAPSHOTS=1.
/// The snapshots are synthesized with the default context (<see cref="SynthesizedTemplates"/>):
/// every peer in the deploying account, no alarm email (so no topic subscription), and the default
/// API throttling, relay concurrency and oldest-message alarm threshold of <see cref="InfraSettings"/>.
/// Those settings are in the snapshots as values, not as allowed differences: a changed default
/// shows as a difference in the stage, the relay functions or the alarms, to be reviewed and
/// rewritten.
/// </summary>
internal static class TemplateSnapshot
{
    /// <summary>A difference a change may make on purpose: what it is, and which differences it covers.</summary>
    public sealed record AllowedDifference(string Reason, Func<Difference, bool> Covers);

    /// <summary>One place where the templates differ; a null side is a missing member.</summary>
    public sealed record Difference(IReadOnlyList<string> Path, JsonNode? Expected, JsonNode? Actual, string? ResourceType)
    {
        public override string ToString() =>
            $"{string.Join('/', Path)}: expected {Expected?.ToJsonString() ?? "(nothing)"}, got {Actual?.ToJsonString() ?? "(nothing)"}";
    }

    /// <summary>Everything a template may differ in from its snapshot; keep this list short.</summary>
    public static readonly IReadOnlyList<AllowedDifference> Allowed =
    [
        // QueueTarget.MessageGroupId left the topology; no rule of it targets a FIFO queue.
        new("a rule target loses its SQS parameters (FIFO message group id)", d =>
            d.ResourceType == "AWS::Events::Rule" && d.Path is [_, _, "Properties", "Targets", _, "SqsParameters"] && d.Actual is null),
        // Health and telemetry settings shared by every service (ServiceDefaults); an existing variable never changes.
        new("a function gets a new environment variable", d =>
            d.ResourceType == "AWS::Lambda::Function" && d.Path is [_, _, "Properties", "Environment", "Variables", _] && d.Expected is null),
    ];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Match(StackTemplate template, [CallerFilePath] string callerFile = "")
    {
        var actual = Normalise(template.Template);
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "expected", $"{template.StackName}.template.json");
        if (Environment.GetEnvironmentVariable("RAZORS_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n");
            return;
        }

        Assert.True(File.Exists(path), $"No snapshot at {path}. Run with RAZORS_UPDATE_SNAPSHOTS=1 to create it.");
        var expected = JsonNode.Parse(File.ReadAllText(path))!.AsObject();

        foreach (var section in new[] { "Resources", "Outputs", "Parameters" })
        {
            var expectedIds = (expected[section] as JsonObject)?.Select(p => p.Key).Order(StringComparer.Ordinal).ToList() ?? [];
            var actualIds = (actual[section] as JsonObject)?.Select(p => p.Key).Order(StringComparer.Ordinal).ToList() ?? [];
            Assert.True(
                expectedIds.SequenceEqual(actualIds),
                $"{template}: {section} ids differ. Gone: [{string.Join(", ", expectedIds.Except(actualIds))}]; new: [{string.Join(", ", actualIds.Except(expectedIds))}].");
        }

        var unexplained = Differences([], expected, actual, resourceType: null, expected)
            .Where(d => !Allowed.Any(a => a.Covers(d)))
            .Select(d => d.ToString())
            .ToList();
        Assert.True(unexplained.Count == 0, $"{template} differs from {path}:\n{string.Join('\n', unexplained)}");
    }

    /// <summary>
    /// A Lambda function's code is a zip named by its asset hash. The tests skip bundling
    /// (<see cref="SynthesizedTemplates"/>), and for a skipped bundle with an output hash CDK makes
    /// the hash up from the path of the asset construct (a child of whichever function first binds
    /// the project's code) and the bundling options
    /// (https://github.com/aws/aws-cdk/blob/v2.160.0/packages/aws-cdk-lib/core/lib/asset-staging.ts,
    /// <c>stageByBundling</c>); <c>cdk synth</c> hashes the published output instead. Neither
    /// says anything about the stack's resources, so the key becomes a placeholder; the bucket
    /// and everything else stay as synthesized.
    /// </summary>
    private static JsonObject Normalise(JsonObject template)
    {
        var copy = template.DeepClone().AsObject();
        foreach (var (_, resource) in copy["Resources"]!.AsObject())
        {
            if (resource!["Type"]!.GetValue<string>() == "AWS::Lambda::Function" && resource["Properties"]?["Code"] is JsonObject code && code["S3Key"] is not null)
            {
                code["S3Key"] = "<asset hash>.zip";
            }
        }

        return copy;
    }

    private static IEnumerable<Difference> Differences(List<string> path, JsonNode? expected, JsonNode? actual, string? resourceType, JsonObject root)
    {
        // Under Resources/<id>, the resource's type names what the allowed differences may cover.
        if (path is ["Resources", var id])
        {
            resourceType = root["Resources"]![id]!["Type"]?.GetValue<string>();
        }

        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    foreach (var d in Differences([.. path, key], e[key], a[key], resourceType, root))
                    {
                        yield return d;
                    }
                }

                break;
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                {
                    foreach (var d in Differences([.. path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)], e[i], a[i], resourceType, root))
                    {
                        yield return d;
                    }
                }

                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    yield return new Difference(path, expected, actual, resourceType);
                }

                break;
        }
    }
}
