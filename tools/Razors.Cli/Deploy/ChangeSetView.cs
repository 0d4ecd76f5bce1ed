using Razors.Aws.CloudFormation;

namespace Razors.Cli.Deploy;

/// <summary>
/// What a change set does to a stack, one line per resource: <c>+</c> add, <c>~</c> modify (with the
/// properties that change), <c>±</c> replace, <c>-</c> remove. Replacing or removing a resource
/// that holds data (a table, a bucket, a queue's messages…) is marked and, for a replacement, asks
/// for a second confirmation: CloudFormation creates the new one empty and deletes the old one.
/// </summary>
internal static class ChangeSetView
{
    /// <summary>
    /// Resource types whose replacement loses what they hold. Queues hold messages, archives events,
    /// log groups logs, keys and secrets what they protect.
    /// </summary>
    public static readonly IReadOnlySet<string> StatefulTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "AWS::DynamoDB::Table",
        "AWS::DynamoDB::GlobalTable",
        "AWS::S3::Bucket",
        "AWS::SQS::Queue",
        "AWS::Events::Archive",
        "AWS::Logs::LogGroup",
        "AWS::DocDB::DBCluster",
        "AWS::DocDB::DBInstance",
        "AWS::RDS::DBCluster",
        "AWS::RDS::DBInstance",
        "AWS::KMS::Key",
        "AWS::SecretsManager::Secret",
        "AWS::ECR::Repository",
        "AWS::Kinesis::Stream",
        "AWS::Cognito::UserPool",
        "AWS::EFS::FileSystem",
    };

    /// <summary>Replacement is <c>True</c>, or <c>Conditional</c> (decided only when executed: it may replace).</summary>
    public static bool Replaces(ResourceChange change) =>
        change.Action == "Modify" && change.Replacement is "True" or "Conditional";

    public static bool IsStateful(ResourceChange change) => StatefulTypes.Contains(change.ResourceType ?? "");

    /// <summary>The resources holding data that the change set replaces (or may replace).</summary>
    public static IReadOnlyList<ResourceChange> StatefulReplacements(IEnumerable<ResourceChange> changes) =>
        [.. changes.Where(c => Replaces(c) && IsStateful(c))];

    public static async Task PrintAsync(IReadOnlyList<ResourceChange> changes, DeployConsole console)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(console);
        var counts = changes.GroupBy(Kind).ToDictionary(g => g.Key, g => g.Count());
        await console.LineAsync(
            $"  {changes.Count} change{(changes.Count == 1 ? "" : "s")}: {Count(counts, "add")} to add, {Count(counts, "modify")} to modify, "
            + $"{Count(counts, "replace")} to replace, {Count(counts, "remove")} to remove");
        var typeWidth = changes.Count == 0 ? 0 : changes.Max(c => (c.ResourceType ?? "").Length);
        foreach (var change in changes.OrderBy(c => Order(Kind(c))).ThenBy(c => c.LogicalResourceId, StringComparer.Ordinal))
        {
            var kind = Kind(change);
            var symbol = kind switch { "add" => "+", "remove" => "-", "replace" => "±", "modify" => "~", _ => "?" };
            var line = $"  {symbol} {(change.ResourceType ?? "").PadRight(typeWidth)}  {change.LogicalResourceId}";
            var properties = change.Details
                .Select(d => d.Target?.Name ?? d.Target?.Attribute)
                .Where(n => !string.IsNullOrEmpty(n))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (properties.Count > 0)
            {
                line += $" ({string.Join(", ", properties)})";
            }

            if (kind == "replace")
            {
                line += change.Replacement == "Conditional" ? " — may be replaced" : " — replaced";
            }

            if (IsStateful(change) && kind is "replace" or "remove")
            {
                line = console.Bold($"{line} — holds data: {(kind == "replace" ? "the new one starts empty" : "it is deleted unless retained")}");
            }

            await console.LineAsync(line);
        }
    }

    private static string Kind(ResourceChange change) => change.Action switch
    {
        "Add" => "add",
        "Remove" => "remove",
        "Modify" when Replaces(change) => "replace",
        "Modify" => "modify",
        _ => (change.Action ?? "unknown").ToLowerInvariant(),
    };

    private static int Order(string kind) => kind switch { "replace" => 0, "remove" => 1, "modify" => 2, "add" => 3, _ => 4 };

    private static int Count(Dictionary<string, int> counts, string kind) => counts.GetValueOrDefault(kind);
}
