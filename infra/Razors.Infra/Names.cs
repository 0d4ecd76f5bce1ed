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
