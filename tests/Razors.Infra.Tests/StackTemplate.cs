using System.Text;
using System.Text.Json.Nodes;

namespace Razors.Infra.Tests;

/// <summary>A synthesized CloudFormation template, read as JSON.</summary>
public sealed class StackTemplate
{
    private StackTemplate(string stackName, string service, JsonObject template)
    {
        StackName = stackName;
        Service = service;
        Template = template;
    }

    public string StackName { get; }

    public string Service { get; }

    public JsonObject Template { get; }

    public JsonObject LogicalResources => Template["Resources"]!.AsObject();

    public JsonObject StackOutputs => Template["Outputs"]?.AsObject() ?? [];

    public static StackTemplate Parse(string stackName, string service, string json) =>
        new(stackName, service, JsonNode.Parse(json)!.AsObject());

    public override string ToString() => StackName;

    /// <summary>Every resource of a CloudFormation type, with its logical id and properties.</summary>
    public IReadOnlyList<(string LogicalId, JsonObject Properties)> OfType(string type) =>
    [
        .. LogicalResources
            .Where(r => r.Value!["Type"]!.GetValue<string>() == type)
            .Select(r => (r.Key, r.Value!["Properties"]?.AsObject() ?? [])),
    ];

    /// <summary>
    /// The functions CDK adds for bucket notifications: each serves the <c>Custom::S3BucketNotifications</c>
    /// resources that configure a bucket once the queue policy lets S3 send. Not functions of the topology.
    /// </summary>
    public IReadOnlySet<string> BucketNotificationsHandlers =>
        OfType("Custom::S3BucketNotifications").Select(r => r.Properties["ServiceToken"]!["Fn::GetAtt"]![0]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);

    /// <summary>The Lambda functions of the topology: every function but CDK's <see cref="BucketNotificationsHandlers"/>.</summary>
    public IReadOnlyList<(string LogicalId, JsonObject Properties)> ServiceFunctions =>
        [.. OfType("AWS::Lambda::Function").Where(f => !BucketNotificationsHandlers.Contains(f.LogicalId))];

    /// <summary>The one resource of a type whose property has the given literal value (a name).</summary>
    public (string LogicalId, JsonObject Properties) Named(string type, string nameProperty, string name)
    {
        var matches = OfType(type).Where(r => r.Properties[nameProperty] is JsonValue v && v.ToString() == name).ToList();
        Assert.True(matches.Count == 1, $"{StackName}: expected one {type} with {nameProperty} = {name}, found {matches.Count}.");
        return matches[0];
    }

    /// <summary><c>{"Fn::GetAtt": [id, attribute]}</c>.</summary>
    public static JsonNode GetAtt(string logicalId, string attribute) => new JsonObject { ["Fn::GetAtt"] = new JsonArray(logicalId, attribute) };

    /// <summary><c>{"Ref": id}</c>.</summary>
    public static JsonNode Ref(string logicalId) => new JsonObject { ["Ref"] = logicalId };

    /// <summary>
    /// Every IAM policy statement in the template: identity policies, trust policies and resource
    /// policies (queues, buses, log groups), including documents CloudFormation receives as strings.
    /// </summary>
    public IReadOnlyList<(string LogicalId, JsonObject Statement)> Statements()
    {
        var found = new List<(string, JsonObject)>();
        foreach (var (id, resource) in LogicalResources)
        {
            Collect(id, resource!, found);
        }

        return found;
    }

    private static void Collect(string id, JsonNode node, List<(string, JsonObject)> found)
    {
        switch (node)
        {
            case JsonObject o when o["Statement"] is JsonArray statements:
                found.AddRange(statements.Select(s => (id, s!.AsObject())));
                break;
            case JsonObject o when o.Count == 1 && o["Fn::Join"] is JsonArray join && Flatten(join) is { } text && text.Contains("\"Statement\"", StringComparison.Ordinal):
                Collect(id, JsonNode.Parse(text)!, found);
                break;
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    if (child is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String && key.Contains("Policy", StringComparison.Ordinal)
                        && v.GetValue<string>().TrimStart().StartsWith('{'))
                    {
                        Collect(id, JsonNode.Parse(v.GetValue<string>())!, found);
                    }
                    else if (child is not null)
                    {
                        Collect(id, child, found);
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a.Where(c => c is not null))
                {
                    Collect(id, child!, found);
                }

                break;
        }
    }

    /// <summary>A policy document passed as <c>Fn::Join</c> of literals and tokens, with each token as <c>TOKEN</c>.</summary>
    private static string? Flatten(JsonArray join)
    {
        if (join.Count != 2 || join[1] is not JsonArray parts)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : "TOKEN");
        }

        return text.ToString();
    }

    /// <summary>A statement's actions (a string or a list).</summary>
    public static IReadOnlyList<string> Actions(JsonObject statement) => statement["Action"] switch
    {
        JsonArray a => [.. a.Select(x => x!.GetValue<string>())],
        JsonValue v => [v.GetValue<string>()],
        _ => [],
    };
}
