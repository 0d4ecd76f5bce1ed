using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Razors.Topology;

namespace Razors.Infra;

/// <summary>Names both sides of a cross-stack link compute from the topology alone, so no stack imports another's outputs.</summary>
public static class Names
{
    /// <summary>
    /// The role a forwarding rule assumes to put events on a peer bus. The peer's bus policy names it
    /// (<c>aws:PrincipalArn</c>) without an export; the region suffix keeps role names (global in IAM)
    /// apart when one account hosts Razors in two regions.
    /// </summary>
    public static string ForwardingRoleName(RuleDefinition rule, string region)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return $"{rule.Name}-{region}";
    }

    /// <summary>
    /// The role a bus's delivery stream writes to the event lake with: the lake's bucket policy names
    /// it (<c>aws:PrincipalArn</c>) for that bus's prefixes only, so it is named like a forwarding role.
    /// </summary>
    public static string DeliveryRoleName(DeliveryStreamDefinition stream, string region)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return $"{stream.Name}-{region}";
    }

    /// <summary>
    /// The event lake's bucket, <c>razors-lake-&lt;account&gt;-&lt;region&gt;</c>: bucket names are global, and
    /// every bus owner's stack computes it from the lake owner's account without importing anything
    /// (at most 12 + 12 + 1 + 14 characters of the 63 S3 allows).
    /// </summary>
    public static string LakeBucketName(LakeDefinition lake, string account, string region)
    {
        ArgumentNullException.ThrowIfNull(lake);
        return $"{lake.Name}-{account}-{region}";
    }

    /// <summary><c>razors-payments-outbox.fifo</c> → <c>RazorsPaymentsOutboxFifo</c>: a construct id or output name.</summary>
    public static string Id(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var id = new StringBuilder();
        foreach (var part in name.Split(['-', '.', '_', ':', '/'], StringSplitOptions.RemoveEmptyEntries))
        {
            id.Append(char.ToUpper(part[0], CultureInfo.InvariantCulture)).Append(part.AsSpan(1));
        }

        return id.ToString();
    }

    /// <summary>A JSON document as the plain values jsii passes to CloudFormation (event patterns).</summary>
    public static object? ToCloudFormation(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToCloudFormation(p.Value)),
        JsonArray a => a.Select(ToCloudFormation).ToArray(),
        JsonValue v => v.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
            System.Text.Json.JsonValueKind.True => true,
            System.Text.Json.JsonValueKind.False => false,
            System.Text.Json.JsonValueKind.Number => v.GetValue<double>(),
            _ => null,
        },
        _ => throw new ArgumentException($"Unexpected JSON node {node.GetType().Name}.", nameof(node)),
    };
}
